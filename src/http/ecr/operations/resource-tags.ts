// Resource tags as the model spells them ({Key, Value}) ⇄ records. ECR's InvalidTagParameterException
// covers what the model cannot say: duplicate keys in one request, keys of 1–128 characters, values
// of at most 256 (the exception's documentation in service-2.json).
import { RegistryError } from '../../../domain/registry-error.js';
import type { ResourceTag } from '../../../metadata/repository-catalog.js';

export interface ModelTag {
  Key: string;
  Value: string;
}

const maxKeyLength = 128;
const maxValueLength = 256;

export function resourceTagsOf(tags: ModelTag[] | undefined): ResourceTag[] {
  if (!tags) return [];
  const keys = new Set<string>();
  for (const tag of tags) {
    checkTagKey(tag.Key);
    if ([...tag.Value].length > maxValueLength) {
      throw new RegistryError('invalid-resource-tag', `The value of tag '${tag.Key}' is longer than ${maxValueLength} characters`);
    }
    if (keys.has(tag.Key)) throw new RegistryError('invalid-resource-tag', `Duplicate tag key '${tag.Key}'`);
    keys.add(tag.Key);
  }
  return tags.map((tag) => ({ key: tag.Key, value: tag.Value }));
}

export function checkTagKey(key: string): void {
  const length = [...key].length;
  if (length === 0 || length > maxKeyLength) {
    throw new RegistryError('invalid-resource-tag', `Tag keys must be 1 to ${maxKeyLength} characters long; '${key.slice(0, 40)}${length > 40 ? '…' : ''}' has ${length}`);
  }
}

export function modelTags(tags: ResourceTag[]): ModelTag[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}
