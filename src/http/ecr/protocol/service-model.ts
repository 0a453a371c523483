// The botocore service model (service-2.json) that drives the AWS JSON surfaces: operations,
// shapes and their constraints. Berth ships copies under <package root>/specs/ (see
// specs/README.md), so the server never depends on files outside the package.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface ServiceMetadata {
  apiVersion: string;
  protocol: string;
  jsonVersion?: string;
  /** `X-Amz-Target` prefix, e.g. `AmazonEC2ContainerRegistry_V20150921`. */
  targetPrefix: string;
  signingName: string;
  serviceId: string;
}

export interface OperationModel {
  name: string;
  http?: { method: string; requestUri: string };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  deprecated?: boolean;
}

export interface ShapeRef {
  shape: string;
  /** JSON key when it differs from the member name (absent in ECR's models, honoured anyway). */
  locationName?: string;
}

interface Constrained {
  min?: number;
  max?: number;
}

export interface StructureShape {
  type: 'structure';
  members: Record<string, ShapeRef>;
  required?: string[];
  exception?: boolean;
  fault?: boolean;
  /** Error metadata; ECR's model has none, so statuses fall back to 400 / 500 (fault). */
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
export interface ListShape extends Constrained {
  type: 'list';
  member: ShapeRef;
}
export interface MapShape extends Constrained {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
}
export interface StringShape extends Constrained {
  type: 'string';
  pattern?: string;
  enum?: string[];
}
export interface NumberShape extends Constrained {
  type: 'integer' | 'long' | 'double' | 'float';
}
export interface BlobShape extends Constrained {
  type: 'blob';
}
export interface BooleanShape {
  type: 'boolean';
}
export interface TimestampShape {
  type: 'timestamp';
  timestampFormat?: string;
}

export type Shape = StructureShape | ListShape | MapShape | StringShape | NumberShape | BlobShape | BooleanShape | TimestampShape;

/** Models shipped in <package root>/specs/. */
export type ServiceModelName = 'aws-ecr' | 'aws-ecr-public';

const cache = new Map<string, ServiceModel>();

/** Loads (once) a model shipped with Berth. Call from the composition root, not at import time. */
export function loadServiceModel(name: ServiceModelName): ServiceModel {
  return loadServiceModelFile(join(findSpecsDirectory(), name, 'service-2.json'));
}

export function loadServiceModelFile(path: string): ServiceModel {
  let model = cache.get(path);
  if (model === undefined) {
    model = parseServiceModel(JSON.parse(readFileSync(path, 'utf8')), path);
    cache.set(path, model);
  }
  return model;
}

/** Checks the few things the protocol code relies on, so a wrong file fails at startup. */
export function parseServiceModel(json: unknown, source = 'service model'): ServiceModel {
  const model = json as Partial<ServiceModel> | null;
  if (
    typeof model !== 'object' || model === null ||
    typeof model.metadata?.targetPrefix !== 'string' ||
    typeof model.operations !== 'object' || typeof model.shapes !== 'object'
  ) {
    throw new Error(`${source} is not a botocore JSON service model (metadata.targetPrefix, operations, shapes)`);
  }
  for (const [name, operation] of Object.entries(model.operations!)) {
    for (const ref of [operation.input, operation.output, ...(operation.errors ?? [])]) {
      if (ref !== undefined && model.shapes![ref.shape] === undefined) {
        throw new Error(`${source}: operation ${name} refers to unknown shape ${ref.shape}`);
      }
    }
  }
  return model as ServiceModel;
}

export function getShape(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`unknown shape ${name} in ${model.metadata.serviceId} model`);
  return shape;
}

/** The nearest ancestor of this file holding `specs/` (works from src/ and from dist/src/). */
function findSpecsDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'specs');
    if (existsSync(join(candidate, 'aws-ecr', 'service-2.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('specs/aws-ecr/service-2.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
