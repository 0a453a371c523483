// What lifecycle evaluation reads of the registry, over Kysely: set queries per repository, and
// chunked IN lists for digests (SQLite binds at most 32,766 parameters, PostgreSQL 65,535).
import type { Kysely } from 'kysely';
import type { LifecycleImage } from '../lifecycle/evaluate-lifecycle-policy.js';
import type { LifecycleImageSource, SizedBlob } from '../lifecycle/lifecycle-image-source.js';
import type { MetadataSchema } from './schema.js';

const digestsPerQuery = 1000;


export class KyselyLifecycleImageSource implements LifecycleImageSource {
  constructor(
    private readonly db: Kysely<MetadataSchema>,
    /** More manifests than this and blobsReferencedBy reads the repository's references in one scan. */
    private readonly scanAbove = 2 * digestsPerQuery,
  ) {}

  async repositoryImages(repositoryId: number): Promise<LifecycleImage[]> {
    // Three range scans of the repository's rows (primary keys and tags_manifest lead with repository_id).
    const manifests = await this.db
      .selectFrom('manifests')
      .select(['digest', 'pushed_at', 'last_pulled_at'])
      .where('repository_id', '=', repositoryId)
      .execute();
    const tags = await this.db.selectFrom('tags').select(['name', 'manifest_digest']).where('repository_id', '=', repositoryId).execute();
    const children = await this.db
      .selectFrom('manifest_references')
      .select(['manifest_digest', 'referenced_digest'])
      .where('repository_id', '=', repositoryId)
      .where('kind', '=', 'manifest')
      .execute();
    const tagsOf = groupBy(tags, (row) => row.manifest_digest, (row) => row.name);
    const childrenOf = groupBy(children, (row) => row.manifest_digest, (row) => row.referenced_digest);
    return manifests.map((row) => ({
      digest: row.digest,
      tags: (tagsOf.get(row.digest) ?? []).sort(),
      pushedAt: Number(row.pushed_at),
      ...(row.last_pulled_at !== null && { lastPulledAt: Number(row.last_pulled_at) }),
      ...(childrenOf.has(row.digest) && { children: childrenOf.get(row.digest) }),
    }));
  }

  async blobsReferencedBy(repositoryId: number, manifestDigests: readonly string[]): Promise<SizedBlob[]> {
    const found = new Map<string, number>();
    const references = () =>
      this.db
        .selectFrom('manifest_references')
        .innerJoin('blobs', 'blobs.digest', 'manifest_references.referenced_digest')
        .where('manifest_references.repository_id', '=', repositoryId)
        .where('manifest_references.kind', '=', 'blob');
    if (manifestDigests.length > this.scanAbove) {
      // Most of a repository expiring: one scan of its references beats a hundred IN lists.
      const wanted = new Set(manifestDigests);
      const rows = await references().select(['manifest_references.manifest_digest', 'blobs.digest', 'blobs.size_bytes']).execute();
      for (const row of rows) if (wanted.has(row.manifest_digest)) found.set(row.digest, Number(row.size_bytes));
    } else {
      for (const chunk of chunks(manifestDigests)) {
        const rows = await references().select(['blobs.digest', 'blobs.size_bytes']).distinct().where('manifest_references.manifest_digest', 'in', chunk).execute();
        for (const row of rows) found.set(row.digest, Number(row.size_bytes));
      }
    }
    return [...found].map(([digest, sizeBytes]) => ({ digest, sizeBytes }));
  }

  async referencedBlobs(
    blobDigests: readonly string[],
    excluding?: { repositoryId: number; manifestDigests: ReadonlySet<string> },
  ): Promise<Set<string>> {
    const referenced = new Set<string>();
    for (const chunk of chunks(blobDigests)) {
      // manifest_references_referenced (referenced_digest, repository_id) answers this.
      const rows = await this.db
        .selectFrom('manifest_references')
        .select(['referenced_digest', 'repository_id', 'manifest_digest'])
        .where('referenced_digest', 'in', chunk)
        .execute();
      for (const row of rows) {
        const excluded = excluding !== undefined && row.repository_id === excluding.repositoryId && excluding.manifestDigests.has(row.manifest_digest);
        if (!excluded) referenced.add(row.referenced_digest);
      }
    }
    return referenced;
  }
}

function* chunks(digests: readonly string[]): Generator<string[]> {
  for (let start = 0; start < digests.length; start += digestsPerQuery) yield digests.slice(start, start + digestsPerQuery);
}

function groupBy<Row>(rows: Row[], key: (row: Row) => string, value: (row: Row) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}
