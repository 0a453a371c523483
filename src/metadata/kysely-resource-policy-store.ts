// The resource policy port over Kysely (SQLite or PostgreSQL). Each call is one statement: an upsert,
// a read, or a delete that returns what it removed.
import type { Kysely } from 'kysely';
import type { ResourcePolicyStore } from './resource-policy-store.js';
import type { MetadataSchema } from './schema.js';

export class KyselyResourcePolicyStore implements ResourcePolicyStore {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async getRepositoryPolicy(repositoryId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('repository_policies').select('policy_text').where('repository_id', '=', repositoryId).executeTakeFirst();
    return row?.policy_text;
  }

  async putRepositoryPolicy(repositoryId: number, policyText: string, updatedAt: number): Promise<void> {
    await this.db
      .insertInto('repository_policies')
      .values({ repository_id: repositoryId, policy_text: policyText, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('repository_id').doUpdateSet({ policy_text: policyText, updated_at: updatedAt }))
      .execute();
  }

  async deleteRepositoryPolicy(repositoryId: number): Promise<string | undefined> {
    const row = await this.db.deleteFrom('repository_policies').where('repository_id', '=', repositoryId).returning('policy_text').executeTakeFirst();
    return row?.policy_text;
  }

  async getRegistryPolicy(accountId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('registry_policies').select('policy_text').where('account_id', '=', accountId).executeTakeFirst();
    return row?.policy_text;
  }

  async putRegistryPolicy(accountId: string, policyText: string, updatedAt: number): Promise<void> {
    await this.db
      .insertInto('registry_policies')
      .values({ account_id: accountId, policy_text: policyText, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ policy_text: policyText, updated_at: updatedAt }))
      .execute();
  }

  async deleteRegistryPolicy(accountId: string): Promise<string | undefined> {
    const row = await this.db.deleteFrom('registry_policies').where('account_id', '=', accountId).returning('policy_text').executeTakeFirst();
    return row?.policy_text;
  }
}
