// Resource tags as the model spells them ({Key, Value}) ⇄ records; duplicate keys in one request
// are ECR's InvalidTagParameterException.
import { RegistryError } from '../../../domain/registry-error.js';
import type { ResourceTag } from '../../../metadata/repository-catalog.js';

export interface ModelTag {
  Key: string;
  Value: string;
}

export function resourceTagsOf(tags: ModelTag[] | undefined): ResourceTag[] {
  if (!tags) return [];
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key)) throw new RegistryError('invalid-resource-tag', `Duplicate tag key '${tag.Key}'`);
    keys.add(tag.Key);
  }
  return tags.map((tag) => ({ key: tag.Key, value: tag.Value }));
}

export function modelTags(tags: ResourceTag[]): ModelTag[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}
