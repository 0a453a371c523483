// What deciding a request costs (`node dist/bench/authorization.js`, after `npm run build`): the
// authorizer as `berth serve` wires it (the cached stores over SQLite in a temporary directory), for
// the two callers a pull meets — an account's root, and an IAM user with three identity policies
// pulling from a repository whose policy carries an IP condition and whose registry has a policy —
// and, for each, the database reads a decision makes once the cache is warm (the hot path must make
// none). Prints a Markdown table; the figure is the median of --runs runs of --decisions decisions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Authorizer, type AccessCheck } from '../src/access/authorizer.js';
import { StoreAccessFacts } from '../src/access/store-access-facts.js';
import { rootPrincipal, userPrincipal } from '../src/identity/principal.js';
import { CachedMetadataStore } from '../src/metadata/caching/cached-metadata-store.js';
import { CachedPermissionsStore } from '../src/metadata/caching/cached-permissions-store.js';
import { CachedRepositoryCatalog } from '../src/metadata/caching/cached-repository-catalog.js';
import { CachedResourcePolicyStore } from '../src/metadata/caching/cached-resource-policy-store.js';
import { InProcessCacheInvalidationBus } from '../src/metadata/caching/in-process-cache-invalidation-bus.js';
import { ReadCache } from '../src/metadata/caching/read-cache.js';
import { KyselyIdentityStore } from '../src/metadata/kysely-identity-store.js';
import { KyselyMetadataStore } from '../src/metadata/kysely-metadata-store.js';
import { KyselyPermissionsStore } from '../src/metadata/kysely-permissions-store.js';
import { KyselyRepositoryCatalog } from '../src/metadata/kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from '../src/metadata/kysely-resource-policy-store.js';
import { openSqliteDatabase } from '../src/metadata/sqlite/open-sqlite-database.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, decisions: { type: 'string', default: '20000' } } });
const runs = Number(values.runs);
const decisions = Number(values.decisions);

/** The store with every method call counted: the reads that reach the database. */
function counted<T extends object>(store: T, counter: { reads: number }): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.reads += 1;
        return value.apply(target, args);
      };
    },
  });
}

const dir = await mkdtemp(join(tmpdir(), 'berth-bench-authorization-'));
try {
  const database = await openSqliteDatabase(join(dir, 'metadata.sqlite'));
  const counter = { reads: 0 };
  const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 10_000, maxManifestBytes: 64 * 1024 });
  const bus = new InProcessCacheInvalidationBus();
  const metadata = new CachedMetadataStore(counted(new KyselyMetadataStore(database.db), counter), cache, bus);
  const catalog = new CachedRepositoryCatalog(counted(new KyselyRepositoryCatalog(database.db), counter), cache, bus);
  const policies = new CachedResourcePolicyStore(counted(new KyselyResourcePolicyStore(database.db), counter), cache, bus);
  const permissions = new CachedPermissionsStore(counted(new KyselyPermissionsStore(database.db), counter), cache, bus);
  const authorizer = new Authorizer({
    region: 'us-east-1',
    facts: new StoreAccessFacts({
      metadata,
      catalog,
      policies,
      registryPolicyScope: async () => 'V2',
      identityPolicies: (user) => permissions.identityPolicyTexts(user.accountId, user.userName),
    }),
  });

  const account = await metadata.defaultAccountId();
  const plain = await metadata.ensureRepository(account, 'plain/app', 1);
  const guarded = await metadata.ensureRepository(account, 'guarded/app', 1);
  await new KyselyIdentityStore(database.db).createUser({ accountId: account, userName: 'ci', userId: 'AIDACI', path: '/', tags: [], createdAt: 1 });
  const owner = { kind: 'user', accountId: account, name: 'ci' } as const;
  const document = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const inline = [
    document({ Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: `arn:aws:ecr:us-east-1:${account}:repository/guarded/*` }),
    document({ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
    document({ Effect: 'Deny', Action: 'ecr:BatchDeleteImage', Resource: '*' }),
  ];
  for (const [index, text] of inline.entries()) await permissions.putInlinePolicy({ owner, policyName: `p${index}`, document: text, sizeChars: text.length, updatedAt: 1 });
  await policies.putRepositoryPolicy(guarded.id, document({ Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 1);
  await policies.putRegistryPolicy(account, document({ Effect: 'Deny', Principal: '*', Action: 'ecr:DeleteRepository', Resource: '*' }), 1);
  void plain;

  const cases: { name: string; check: AccessCheck; expected: boolean }[] = [
    {
      name: 'root pulls a manifest (no repository policy)',
      check: { principal: rootPrincipal(account), action: 'ecr:BatchGetImage', resource: { kind: 'repository', registryId: account, name: 'plain/app' }, context: { 'aws:SourceIp': '10.1.2.3' } },
      expected: true,
    },
    {
      name: 'a user with 3 identity policies pulls from a repository with an IP condition and a registry policy',
      check: { principal: userPrincipal(account, 'ci', 'AIDACI'), action: 'ecr:BatchGetImage', resource: { kind: 'repository', registryId: account, name: 'guarded/app' }, context: { 'aws:SourceIp': '10.1.2.3' } },
      expected: true,
    },
  ];

  const rows: string[] = [];
  for (const { name, check, expected } of cases) {
    if ((await authorizer.isAllowed(check)) !== expected) throw new Error(`${name}: unexpected decision`);
    const readsBefore = counter.reads;
    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < decisions; n++) await authorizer.isAllowed(check);
      timings.push(Number(process.hrtime.bigint() - started) / 1000 / decisions);
    }
    const reads = (counter.reads - readsBefore) / (runs * decisions);
    timings.sort((x, y) => x - y);
    rows.push(`| ${name} | ${timings[Math.floor(timings.length / 2)]!.toFixed(1)} µs | ${reads} |`);
  }
  console.log(`Decisions with a warm cache (median of ${runs} runs of ${decisions}):\n`);
  console.log('| case | per decision | database reads per decision |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(row);
  await database.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
