// Row ⇄ record mapping for repositories, shared by the stores that read them.
import type { Selectable } from 'kysely';
import { defaultRepositorySettings, type RepositorySettings, type TagMutabilityExclusionFilter } from '../domain/repository-settings.js';
import type { RepositoryRecord } from './metadata-store.js';
import type { RepositoriesTable } from './schema.js';

export function toRepositoryRecord(row: Selectable<RepositoriesTable>): RepositoryRecord {
  return {
    id: row.id,
    registryId: row.registry_id,
    name: row.name,
    createdAt: Number(row.created_at),
    settings: {
      imageTagMutability: (row.image_tag_mutability ?? defaultRepositorySettings.imageTagMutability) as RepositorySettings['imageTagMutability'],
      tagMutabilityExclusions: row.tag_mutability_exclusions ? (JSON.parse(row.tag_mutability_exclusions) as TagMutabilityExclusionFilter[]) : [],
      scanOnPush: row.scan_on_push === 1,
      encryption: {
        type: row.encryption_type as RepositorySettings['encryption']['type'],
        ...(row.kms_key !== null && { kmsKey: row.kms_key }),
      },
    },
  };
}

export function settingsColumns(settings: RepositorySettings) {
  return {
    image_tag_mutability: settings.imageTagMutability,
    tag_mutability_exclusions: settings.tagMutabilityExclusions.length > 0 ? JSON.stringify(settings.tagMutabilityExclusions) : null,
    scan_on_push: settings.scanOnPush ? 1 : 0,
    encryption_type: settings.encryption.type,
    kms_key: settings.encryption.kmsKey ?? null,
  };
}
