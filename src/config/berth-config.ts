// Berth's configuration: one validated object, read once by the composition root.
// Precedence, lowest first: defaults < config file (JSON) < BERTH_* environment variables < flags.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const listenPattern = /^(?<host>\[[0-9a-fA-F:.]+\]|[^:]+):(?<port>\d{1,5})$/;

export const berthConfigSchema = z.object({
  /** host:port the HTTP listener binds; port 0 picks a free one. */
  listen: z.string().regex(listenPattern, 'listen must be HOST:PORT').default('127.0.0.1:5000'),
  /** Where the embedded store keeps its SQLite database and blobs, and any store its local files. */
  dataDir: z.string().min(1).default('./data'),
  /** Metadata database: `postgres://user:password@host:port/db`; default SQLite in the data directory. */
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'database must be a postgres:// URL (the default is SQLite in the data directory)')
    .optional(),
  /** Redirect blob pulls to presigned object-storage URLs (S3) instead of streaming them, as ECR does. */
  redirectPulls: z.boolean().default(false),
  /** Blob storage: a path, `file:///path` or `s3://bucket/prefix?endpoint=…&region=…&forcePathStyle=true`; default the data directory. */
  storage: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The distribution spec asks registries to accept at least 4 MiB; ECR's limit is exactly that. */
  maxManifestBytes: z.number().int().positive().default(4 * 1024 * 1024),
  /** The AWS region this deployment is (ARNs, credential scopes, ECR host names). */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region must look like us-east-1').default('us-east-1'),
  /** `ecr`: ECR's Basic token on /v2/ and SigV4 on the API. `none`: anyone may push and pull (local caches, tests). */
  auth: z.enum(['ecr', 'none']).default('ecr'),
  /**
   * Host (and port) clients reach the registry at, used in repository URIs and proxyEndpoint.
   * Default: the Host of the request. Other accounts than the default one are served at
   * `<account>.dkr.ecr.<region>.<registryHost>`, which needs a wildcard DNS name.
   */
  registryHost: z.string().min(1).optional(),
  /**
   * Create a repository on its first push, as Distribution does. Default: only without
   * authentication; with ECR authentication a push to a missing repository is NAME_UNKNOWN, as on ECR.
   */
  createRepositoryOnPush: z.boolean().optional(),
  /**
   * How long hot reads (repository, tag → manifest, blob visibility) may be served from memory.
   * Writes through this process are seen at once, other nodes' writes as soon as their invalidation
   * arrives (PostgreSQL LISTEN/NOTIFY); this bounds what a lost invalidation or a write outside
   * Berth can leave stale. 0: off.
   */
  metadataCacheTtlMs: z.number().int().nonnegative().default(5000),
  /** Upload sessions no client has touched for `maxIdleMs` are removed, bytes and all; checked every `checkEveryMs` (0: never). */
  uploadExpiry: z
    .object({
      maxIdleMs: z.number().int().positive().default(24 * 3_600_000),
      checkEveryMs: z.number().int().nonnegative().default(3_600_000),
    })
    .default({ maxIdleMs: 24 * 3_600_000, checkEveryMs: 3_600_000 }),
  /**
   * Online garbage collection (docs/garbage-collection.md): every `everyMs` (0: never) one node frees the
   * blobs no image references that nothing claimed or linked for `graceMs`. The grace period must
   * outlast the longest push: a layer uploaded more than `graceMs` before its manifest may be gone.
   */
  gc: z
    .object({
      everyMs: z.number().int().nonnegative().default(3_600_000),
      graceMs: z.number().int().nonnegative().default(24 * 3_600_000),
    })
    .default({ everyMs: 3_600_000, graceMs: 24 * 3_600_000 }),
  /** Every repository's lifecycle policy is applied every `runEveryMs`, once per deployment (0: never; `berth lifecycle run` still works). */
  lifecycle: z
    .object({
      runEveryMs: z.number().int().nonnegative().default(24 * 3_600_000),
    })
    .default({ runEveryMs: 24 * 3_600_000 }),
  rateLimit: z
    .object({
      /** Requests a second per client address; 0 turns limiting off. */
      requestsPerSecond: z.number().nonnegative().default(0),
      /** How many requests a client may make at once before the rate applies; defaults to one second's worth. */
      burst: z.number().int().positive().optional(),
    })
    .default({ requestsPerSecond: 0 }),
  /** ECR Public (docs/ecr-public.md): where its registry is served and its pull rate limits. */
  ecrPublic: z
    .object({
      /**
       * Host (optionally :port) of the public registry, `/v2/<alias>/<repository>` with the Bearer token
       * flow. Without a port it matches any port. Default: hosts named `public.ecr.<…>`.
       */
      registryHost: z.string().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'ecrPublic.registryHost must be HOST or HOST:PORT').optional(),
      /** Pulls (manifest GETs) a second per client, as ECR Public limits them; 0: unlimited. */
      pullsPerSecond: z
        .object({ anonymous: z.number().nonnegative().default(1), authenticated: z.number().nonnegative().default(10) })
        .default({ anonymous: 1, authenticated: 10 }),
    })
    .default({ pullsPerSecond: { anonymous: 1, authenticated: 10 } }),
});

export type BerthConfig = z.infer<typeof berthConfigSchema>;

/** Each setting's environment variable. */
const environmentVariables: Record<string, (value: string) => Record<string, unknown>> = {
  BERTH_LISTEN: (value) => ({ listen: value }),
  BERTH_DATA_DIR: (value) => ({ dataDir: value }),
  BERTH_DATABASE: (value) => ({ database: value }),
  BERTH_STORAGE: (value) => ({ storage: value }),
  BERTH_REDIRECT_PULLS: (value) => ({ redirectPulls: value === 'true' || value === '1' }),
  BERTH_LOG_LEVEL: (value) => ({ logLevel: value }),
  BERTH_MAX_MANIFEST_BYTES: (value) => ({ maxManifestBytes: Number(value) }),
  BERTH_CREATE_REPOSITORY_ON_PUSH: (value) => ({ createRepositoryOnPush: value === 'true' || value === '1' }),
  BERTH_REGION: (value) => ({ region: value }),
  BERTH_AUTH: (value) => ({ auth: value }),
  BERTH_REGISTRY_HOST: (value) => ({ registryHost: value }),
  BERTH_METADATA_CACHE_TTL_MS: (value) => ({ metadataCacheTtlMs: Number(value) }),
  BERTH_UPLOAD_MAX_IDLE_MS: (value) => ({ uploadExpiry: { maxIdleMs: Number(value) } }),
  BERTH_UPLOAD_EXPIRY_CHECK_MS: (value) => ({ uploadExpiry: { checkEveryMs: Number(value) } }),
  BERTH_GC_EVERY_MS: (value) => ({ gc: { everyMs: Number(value) } }),
  BERTH_GC_GRACE_MS: (value) => ({ gc: { graceMs: Number(value) } }),
  BERTH_RATE_LIMIT_RPS: (value) => ({ rateLimit: { requestsPerSecond: Number(value) } }),
  BERTH_PUBLIC_REGISTRY_HOST: (value) => ({ ecrPublic: { registryHost: value } }),
  BERTH_PUBLIC_PULLS_PER_SECOND_ANONYMOUS: (value) => ({ ecrPublic: { pullsPerSecond: { anonymous: Number(value) } } }),
  BERTH_PUBLIC_PULLS_PER_SECOND_AUTHENTICATED: (value) => ({ ecrPublic: { pullsPerSecond: { authenticated: Number(value) } } }),
  BERTH_LIFECYCLE_RUN_EVERY_MS: (value) => ({ lifecycle: { runEveryMs: Number(value) } }),
};

export interface ConfigSources {
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** Settings given as command-line flags (already named as in the schema). */
  flags: Partial<Record<keyof BerthConfig, unknown>>;
}

export function loadConfig(sources: ConfigSources): BerthConfig {
  const fromFile = sources.configFile ? readConfigFile(sources.configFile) : {};
  const fromEnv = Object.entries(environmentVariables).reduce<Record<string, unknown>>((merged, [name, toSetting]) => {
    const value = sources.env[name];
    return value === undefined || value === '' ? merged : deepMerge(merged, toSetting(value));
  }, {});
  const flags = Object.fromEntries(Object.entries(sources.flags).filter(([, value]) => value !== undefined));
  const result = berthConfigSchema.safeParse(deepMerge(deepMerge(fromFile, fromEnv), flags));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}

export function parseListen(listen: string): { host: string; port: number } {
  const groups = listenPattern.exec(listen)!.groups!;
  return { host: groups.host.replace(/^\[|\]$/g, ''), port: Number(groups.port) };
}

function readConfigFile(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot read config file ${path}: ${(error as Error).message}`);
  }
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
