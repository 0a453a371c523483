// The lifecycle store port over Kysely (SQLite or PostgreSQL); contract in lifecycle/lifecycle-store.ts.
import type { Kysely, Selectable } from 'kysely';
import type {
  LifecycleStore,
  PositionedPreviewResult,
  PreviewRecord,
  PreviewResult,
  PreviewResultQuery,
  RepositoryLifecyclePolicy,
  StartPreviewOutcome,
  StoredLifecyclePolicy,
} from '../lifecycle/lifecycle-store.js';
import type { LifecyclePoliciesTable, LifecyclePreviewsTable, MetadataSchema } from './schema.js';
import { serializableTransaction } from './serializable-transaction.js';

/** Rows per INSERT: 6 columns each, well under SQLite's 32,766 bound parameters. */
const insertBatch = 500;

export class KyselyLifecycleStore implements LifecycleStore {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async putPolicy(repositoryId: number, text: string, now: number): Promise<void> {
    await this.db
      .insertInto('lifecycle_policies')
      .values({ repository_id: repositoryId, policy_text: text, updated_at: now, last_evaluated_at: null })
      .onConflict((conflict) => conflict.column('repository_id').doUpdateSet({ policy_text: text, updated_at: now }))
      .execute();
  }

  async findPolicy(repositoryId: number): Promise<StoredLifecyclePolicy | undefined> {
    const row = await this.db.selectFrom('lifecycle_policies').selectAll().where('repository_id', '=', repositoryId).executeTakeFirst();
    return row && toPolicy(row);
  }

  async deletePolicy(repositoryId: number): Promise<StoredLifecyclePolicy | undefined> {
    const row = await this.db.deleteFrom('lifecycle_policies').where('repository_id', '=', repositoryId).returningAll().executeTakeFirst();
    return row && toPolicy(row);
  }

  async listPolicies(page: { afterRepositoryId?: number; limit: number }): Promise<RepositoryLifecyclePolicy[]> {
    let query = this.db
      .selectFrom('lifecycle_policies')
      .innerJoin('repositories', 'repositories.id', 'lifecycle_policies.repository_id')
      .selectAll('lifecycle_policies')
      .select(['repositories.registry_id', 'repositories.name']);
    if (page.afterRepositoryId !== undefined) query = query.where('lifecycle_policies.repository_id', '>', page.afterRepositoryId);
    const rows = await query.orderBy('lifecycle_policies.repository_id').limit(page.limit).execute();
    return rows.map((row) => ({ ...toPolicy(row), registryId: row.registry_id, repositoryName: row.name }));
  }

  async recordEvaluation(repositoryId: number, at: number): Promise<void> {
    await this.db.updateTable('lifecycle_policies').set({ last_evaluated_at: at }).where('repository_id', '=', repositoryId).execute();
  }

  async startPreview(preview: { repositoryId: number; previewId: string; policyText: string; startedAt: number }): Promise<StartPreviewOutcome> {
    return serializableTransaction(this.db, async (trx) => {
      const fresh = {
        preview_id: preview.previewId,
        status: 'IN_PROGRESS' as const,
        policy_text: preview.policyText,
        job_id: null,
        started_at: preview.startedAt,
        completed_at: null,
        expiring_image_count: null,
        expiring_bytes: null,
        failure: null,
      };
      // One statement decides: the row is replaced only when no preview is in progress.
      const won = await trx
        .insertInto('lifecycle_previews')
        .values({ repository_id: preview.repositoryId, ...fresh })
        .onConflict((conflict) => conflict.column('repository_id').doUpdateSet(fresh).where('lifecycle_previews.status', '<>', 'IN_PROGRESS'))
        .returning('preview_id')
        .executeTakeFirst();
      if (!won) {
        const current = await trx.selectFrom('lifecycle_previews').selectAll().where('repository_id', '=', preview.repositoryId).executeTakeFirstOrThrow();
        return { started: false, inProgress: toPreview(current) };
      }
      await trx.deleteFrom('lifecycle_preview_results').where('repository_id', '=', preview.repositoryId).execute();
      return { started: true };
    });
  }

  async setPreviewJob(repositoryId: number, previewId: string, jobId: number): Promise<void> {
    await this.db.updateTable('lifecycle_previews').set({ job_id: jobId }).where('repository_id', '=', repositoryId).where('preview_id', '=', previewId).execute();
  }

  async findPreview(repositoryId: number): Promise<PreviewRecord | undefined> {
    const row = await this.db.selectFrom('lifecycle_previews').selectAll().where('repository_id', '=', repositoryId).executeTakeFirst();
    return row && toPreview(row);
  }

  async completePreview(
    repositoryId: number,
    previewId: string,
    outcome: { results: PreviewResult[]; expiringBytes: number; completedAt: number },
  ): Promise<boolean> {
    return serializableTransaction(this.db, async (trx) => {
      const finished = await trx
        .updateTable('lifecycle_previews')
        .set({ status: 'COMPLETE', completed_at: outcome.completedAt, expiring_image_count: outcome.results.length, expiring_bytes: outcome.expiringBytes, job_id: null })
        .where('repository_id', '=', repositoryId)
        .where('preview_id', '=', previewId)
        .where('status', '=', 'IN_PROGRESS')
        .executeTakeFirst();
      if (Number(finished.numUpdatedRows) === 0) return false;
      await trx.deleteFrom('lifecycle_preview_results').where('repository_id', '=', repositoryId).execute();
      for (let start = 0; start < outcome.results.length; start += insertBatch) {
        const rows = outcome.results.slice(start, start + insertBatch).map((result, offset) => ({
          repository_id: repositoryId,
          position: start + offset + 1,
          image_digest: result.imageDigest,
          image_tags: JSON.stringify(result.imageTags),
          image_pushed_at: result.imagePushedAt,
          applied_rule_priority: result.appliedRulePriority,
        }));
        await trx.insertInto('lifecycle_preview_results').values(rows).execute();
      }
      return true;
    });
  }

  async failPreview(repositoryId: number, previewId: string, failure: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('lifecycle_previews')
      .set({ status: 'FAILED', failure, completed_at: at, job_id: null })
      .where('repository_id', '=', repositoryId)
      .where('preview_id', '=', previewId)
      .where('status', '=', 'IN_PROGRESS')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listPreviewResults(repositoryId: number, query: PreviewResultQuery): Promise<PositionedPreviewResult[]> {
    if (query.digests !== undefined && query.digests.length === 0) return [];
    let select = this.db.selectFrom('lifecycle_preview_results').selectAll().where('repository_id', '=', repositoryId);
    if (query.afterPosition !== undefined) select = select.where('position', '>', query.afterPosition);
    if (query.tagStatus === 'TAGGED') select = select.where('image_tags', '<>', '[]');
    if (query.tagStatus === 'UNTAGGED') select = select.where('image_tags', '=', '[]');
    if (query.digests !== undefined) select = select.where('image_digest', 'in', query.digests);
    const rows = await select.orderBy('position').limit(query.limit).execute();
    return rows.map((row) => ({
      position: Number(row.position),
      imageDigest: row.image_digest,
      imageTags: JSON.parse(row.image_tags) as string[],
      imagePushedAt: Number(row.image_pushed_at),
      appliedRulePriority: Number(row.applied_rule_priority),
    }));
  }
}

function toPolicy(row: Selectable<LifecyclePoliciesTable>): StoredLifecyclePolicy {
  return {
    repositoryId: row.repository_id,
    text: row.policy_text,
    updatedAt: Number(row.updated_at),
    ...(row.last_evaluated_at !== null && { lastEvaluatedAt: Number(row.last_evaluated_at) }),
  };
}

function toPreview(row: Selectable<LifecyclePreviewsTable>): PreviewRecord {
  return {
    repositoryId: row.repository_id,
    previewId: row.preview_id,
    status: row.status,
    policyText: row.policy_text,
    ...(row.job_id !== null && { jobId: Number(row.job_id) }),
    startedAt: Number(row.started_at),
    ...(row.completed_at !== null && { completedAt: Number(row.completed_at) }),
    ...(row.expiring_image_count !== null && { expiringImageCount: Number(row.expiring_image_count) }),
    ...(row.expiring_bytes !== null && { expiringBytes: Number(row.expiring_bytes) }),
    ...(row.failure !== null && { failure: row.failure }),
  };
}
