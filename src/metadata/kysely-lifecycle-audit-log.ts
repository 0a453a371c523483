// The lifecycle audit log over Kysely (SQLite or PostgreSQL); contract in lifecycle/lifecycle-audit-log.ts.
import type { Kysely } from 'kysely';
import type { AuditEntry, ExpirationEntry, LifecycleAuditLog } from '../lifecycle/lifecycle-audit-log.js';
import type { MetadataSchema } from './schema.js';

export class KyselyLifecycleAuditLog implements LifecycleAuditLog {
  constructor(private readonly db: Kysely<MetadataSchema>) {}

  async record(entries: readonly ExpirationEntry[]): Promise<void> {
    // 10 columns a row: 500 rows stay well under SQLite's bound-parameter limit.
    for (let start = 0; start < entries.length; start += 500) {
      await this.db
        .insertInto('lifecycle_audit')
        .values(
          entries.slice(start, start + 500).map((entry) => ({
            registry_id: entry.registryId,
            repository_name: entry.repositoryName,
            image_digest: entry.imageDigest,
            image_tags: JSON.stringify(entry.imageTags),
            image_pushed_at: entry.imagePushedAt,
            applied_rule_priority: entry.appliedRulePriority,
            rule_description: entry.ruleDescription ?? null,
            expired_at: entry.expiredAt,
            run_id: entry.runId,
            initiated_by: entry.initiatedBy,
          })),
        )
        .execute();
    }
  }

  async list(query: { registryId?: string; repositoryName?: string; beforeId?: number; limit: number }): Promise<AuditEntry[]> {
    let select = this.db.selectFrom('lifecycle_audit').selectAll();
    if (query.registryId !== undefined) select = select.where('registry_id', '=', query.registryId);
    if (query.repositoryName !== undefined) select = select.where('repository_name', '=', query.repositoryName);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      registryId: row.registry_id,
      repositoryName: row.repository_name,
      imageDigest: row.image_digest,
      imageTags: JSON.parse(row.image_tags) as string[],
      imagePushedAt: Number(row.image_pushed_at),
      appliedRulePriority: Number(row.applied_rule_priority),
      ...(row.rule_description !== null && { ruleDescription: row.rule_description }),
      expiredAt: Number(row.expired_at),
      runId: row.run_id,
      initiatedBy: row.initiated_by,
    }));
  }
}
