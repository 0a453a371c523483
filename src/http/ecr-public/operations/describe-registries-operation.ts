// DescribeRegistries: the caller's public registry — its aliases (the default one assigned on first
// use), URI and ARN. An account has one public registry, so a page holds it and the token after it
// leads to an empty page.
import { decodeNextToken, pageOf } from '../../ecr/pagination-token.js';
import type { EcrPublicOperation } from '../ecr-public-context.js';
import { registryShape } from '../ecr-public-shapes.js';

interface Input {
  nextToken?: string;
  maxResults?: number;
}

export const describeRegistries: EcrPublicOperation<Input> = {
  name: 'DescribeRegistries',
  async run(input, context) {
    const after = decodeNextToken(input.nextToken, 'after');
    const registry = await context.ecrPublic.registries.registryOf(context.principal.accountId);
    const page = await pageOf(
      input.maxResults ?? 100,
      async (limit) => [registry].filter((found) => after === undefined || found.accountId > after).slice(0, limit),
      (last) => ({ after: last.accountId }),
    );
    return { registries: page.items.map((found) => registryShape(found, context)), ...(page.nextToken && { nextToken: page.nextToken }) };
  },
};
