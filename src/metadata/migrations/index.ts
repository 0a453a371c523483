// Every migration, in order. Names sort; never rename or edit a released one, add the next instead.
import type { Migration, MigrationProvider } from 'kysely';
import { registryCore } from './001-registry-core.js';
import { identity } from './002-identity.js';
import { ecrRepositorySettings } from './003-ecr-repository-settings.js';
import { scaleOut } from './004-scale-out.js';
import { jobs } from './005-jobs.js';
import { garbageCollection } from './007-garbage-collection.js';
import { layerParts } from './008-layer-parts.js';
import { ecrPublic } from './009-ecr-public.js';
import { iamPolicies } from './010-iam-policies.js';
import { lifecycle } from './006-lifecycle.js';
import { resourcePolicies } from './011-resource-policies.js';

const migrations: Record<string, Migration> = {
  '001-registry-core': registryCore,
  '002-identity': identity,
  '003-ecr-repository-settings': ecrRepositorySettings,
  '004-scale-out': scaleOut,
  '005-jobs': jobs,
  '007-garbage-collection': garbageCollection,
  '008-layer-parts': layerParts,
  '009-ecr-public': ecrPublic,
  '010-iam-policies': iamPolicies,
  '006-lifecycle': lifecycle,
  '011-resource-policies': resourcePolicies,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
