// Turns a handler's result into the JSON body the model describes: timestamps as epoch seconds
// (fractions allowed, as AWS JSON 1.1 sends them), blobs as base64, absent members left out, and
// members the model does not know dropped, so internal fields can never leak onto the wire.

import { getShape, type ServiceModel, type Shape } from './service-model.js';

export function shapeOutput(model: ServiceModel, operationName: string, output: unknown): Record<string, unknown> {
  const ref = Object.hasOwn(model.operations, operationName) ? model.operations[operationName]?.output : undefined;
  if (ref === undefined) return {};
  return (shapeValue(model, ref.shape, output ?? {}) ?? {}) as Record<string, unknown>;
}

function shapeValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape: Shape = getShape(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      const result: Record<string, unknown> = {};
      const source = value as Record<string, unknown>;
      for (const [member, ref] of Object.entries(shape.members)) {
        const shaped = Object.hasOwn(source, member) ? shapeValue(model, ref.shape, source[member]) : undefined;
        if (shaped !== undefined) result[ref.locationName ?? member] = shaped;
      }
      return result;
    }
    case 'list':
      return (value as unknown[]).map((item) => shapeValue(model, shape.member.shape, item)).filter((item) => item !== undefined);
    case 'map': {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const shaped = shapeValue(model, shape.value.shape, item);
        // defineProperty: a key such as `__proto__` stays a plain own member.
        if (shaped !== undefined) {
          Object.defineProperty(result, key, { value: shaped, enumerable: true, writable: true, configurable: true });
        }
      }
      return result;
    }
    case 'timestamp':
      return epochSeconds(value);
    case 'blob':
      return Buffer.from(value as Uint8Array | string).toString('base64');
    default:
      return value;
  }
}

/** Dates, numbers (taken as epoch seconds already) or ISO strings → epoch seconds. */
function epochSeconds(value: unknown): number {
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  throw new TypeError(`not a timestamp: ${String(value)}`);
}
