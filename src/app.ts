// The composition root: the only place that reads configuration, chooses adapters and wires services.
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { IdentityPolicySource } from './access/access-facts.js';
import { Authorizer } from './access/authorizer.js';
import { StoreAccessFacts } from './access/store-access-facts.js';
import { AuthorizationTokens } from './auth/authorization-token.js';
import { LayerDownloadSigner } from './auth/layer-download-signer.js';
import type { BerthConfig } from './config/berth-config.js';
import { openStores, type BerthStores } from './open-stores.js';
import { openReadCache, type SharedReadCache } from './open-read-cache.js';
import { garbageCollectionJobs } from './gc/garbage-collection-jobs.js';
import { GarbageCollector } from './gc/garbage-collector.js';
import { parsePolicyDocument } from './policy/index.js';
import { anonymousCaller, ecrTokenCaller } from './http/oci/oci-caller.js';
import { loadServiceModel } from './http/ecr/protocol/index.js';
import { createServer } from './http/server.js';
import { startBackgroundWork } from './background-work.js';
import { GroupService } from './identity/group-service.js';
import type { IamAuthorizer } from './identity/iam-authorizer.js';
import { composeLifecycle } from './compose-lifecycle.js';
import { KyselyJobQueue } from './jobs/kysely-job-queue.js';
import { IdentityService } from './identity/identity-service.js';
import { PermissionsService } from './identity/permissions-service.js';
import { loadMasterKey } from './identity/secret-box.js';
import { KyselyIdentityStore } from './metadata/kysely-identity-store.js';
import { CachedBlobCollection } from './metadata/caching/cached-blob-collection.js';
import { KyselyPermissionsStore } from './metadata/kysely-permissions-store.js';
import { CachedMetadataStore } from './metadata/caching/cached-metadata-store.js';
import { CachedPermissionsStore } from './metadata/caching/cached-permissions-store.js';
import { CachedRepositoryCatalog } from './metadata/caching/cached-repository-catalog.js';
import { CachedResourcePolicyStore } from './metadata/caching/cached-resource-policy-store.js';
import { KyselyBlobCollection } from './metadata/kysely-blob-collection.js';
import { KyselyMetadataStore } from './metadata/kysely-metadata-store.js';
import { KyselyRepositoryCatalog } from './metadata/kysely-repository-catalog.js';
import { KyselyResourcePolicyStore } from './metadata/kysely-resource-policy-store.js';
import { createRegistryServices, type RegistryServices } from './registry/registry-services.js';
import { RegistryBearerTokens } from './auth/registry-bearer-token.js';
import type { EcrPublicServices } from './http/ecr-public/ecr-public-context.js';
import { SecretBox } from './identity/secret-box.js';
import { checkPublicRegistryHost } from './http/public-registry/public-registry-host.js';
import { KyselyPublicRegistryStore } from './metadata/kysely-public-registry-store.js';
import { GalleryService } from './public-registry/gallery-service.js';
import { PublicRegistryService } from './public-registry/public-registry-service.js';
import { PublicRepositoryService } from './public-registry/public-repository-service.js';
import { requireStatement } from './public-registry/repository-policy.js';

/** IAM's size quotas are the services' to check (LimitExceeded); the engine checks the grammar. */
function validateIdentityPolicy(text: string): void {
  parsePolicyDocument(text, 'identity', { maxLength: Number.MAX_SAFE_INTEGER, ignoreWhitespaceInLength: true });
}

export interface Berth {
  config: BerthConfig;
  logger: Logger;
  server: FastifyInstance;
  services: RegistryServices;
  identity: IdentityService;
  tokens: AuthorizationTokens;
  /** A description of the stores in use, for the start banner. */
  storageDescription: string;
  close(): Promise<void>;
}

export function createLogger(level: BerthConfig['logLevel']): Logger {
  return pino({
    level,
    // Credentials never reach a log line, whatever a future log call passes in.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.secretAccessKey', '*.password'], censor: '[redacted]' },
  });
}

/**
 * Identity on an open database: what the CLI's admin commands need without a server. The server
 * passes its read cache, which then holds the identity policies every request of a user reads (and
 * forgets them, here and on the other nodes, whenever IAM changes what applies to a user).
 */
export async function openIdentity(stores: BerthStores, env: NodeJS.ProcessEnv = process.env, readCache?: SharedReadCache) {
  // Every node of a shared database must seal and open secrets with the same key.
  if (stores.database.dialect === 'postgres' && !env.BERTH_MASTER_KEY) {
    throw new Error('with a PostgreSQL database every node needs the same master key: set BERTH_MASTER_KEY (openssl rand -base64 32)');
  }
  const secrets = await loadMasterKey({ env, dataDir: stores.dataDir });
  const metadata = new KyselyMetadataStore(stores.database.db);
  const identities = new KyselyIdentityStore(stores.database.db);
  const identity = new IdentityService(identities, metadata, secrets);
  const kyselyPermissions = new KyselyPermissionsStore(stores.database.db);
  const permissionsStore = readCache ? new CachedPermissionsStore(kyselyPermissions, readCache.cache, readCache.bus) : kyselyPermissions;
  const groups = new GroupService(identities, permissionsStore);
  const permissions = new PermissionsService({ identities, permissions: permissionsStore, validatePolicy: validateIdentityPolicy });
  const identityPolicies: IdentityPolicySource =
    permissionsStore instanceof CachedPermissionsStore
      ? (user) => permissionsStore.identityPolicyTexts(user.accountId, user.userName)
      : async (user) => (await kyselyPermissions.identityPolicyDocuments(user.accountId, user.userName)).map((policy) => policy.document);
  // A deployment always has its default account, whichever command touches the stores first.
  await metadata.defaultAccountId();
  return { secrets, metadata, identity, groups, permissions, identityPolicies };
}

/**
 * ECR Public over the same database and registry services: public repositories are repositories of
 * the core in the registry `ecr-public` (public-registry/public-repository-name.ts). Its authorization
 * tokens are sealed with their own derived key, so ECR's and ECR Public's never stand in for each other.
 * Repository policies are checked by `requireStatement` until the policy engine replaces it.
 */
async function openEcrPublic(stores: BerthStores, secrets: SecretBox, services: RegistryServices): Promise<EcrPublicServices> {
  const store = new KyselyPublicRegistryStore(stores.database.db);
  const registries = new PublicRegistryService(store);
  await registries.open();
  return {
    registries,
    repositories: new PublicRepositoryService({
      store,
      registries,
      repositoryAdmin: services.repositoryAdmin,
      repositories: services.repositories,
      validatePolicy: requireStatement,
    }),
    gallery: new GalleryService(store, registries),
    tokens: new AuthorizationTokens(new SecretBox(secrets.deriveKey('ecr-public-authorization-token'))),
  };
}

export async function createBerth(config: BerthConfig, logger: Logger = createLogger(config.logLevel)): Promise<Berth> {
  const stores = await openStores(config);
  const readCache = await openReadCache(config, stores, logger);
  const { secrets, metadata: uncachedMetadata, identity, groups, permissions, identityPolicies } = await openIdentity(stores, process.env, readCache);
  const metadata = new CachedMetadataStore(uncachedMetadata, readCache.cache, readCache.bus);
  const catalog = new CachedRepositoryCatalog(new KyselyRepositoryCatalog(stores.database.db), readCache.cache, readCache.bus);
  const resourcePolicies = new CachedResourcePolicyStore(new KyselyResourcePolicyStore(stores.database.db), readCache.cache, readCache.bus);
  const layerDownloads = new LayerDownloadSigner(secrets.deriveKey('ecr-layer-download'), { region: config.region });
  const services = createRegistryServices(metadata, catalog, stores.blobs, {
    maxManifestBytes: config.maxManifestBytes,
    createRepositoryOnPush: config.createRepositoryOnPush ?? config.auth === 'none',
    layerDownloadSigner: layerDownloads,
    redirectPulls: config.redirectPulls,
    resourcePolicies,
  });
  const authorizer = new Authorizer({
    region: config.region,
    facts: new StoreAccessFacts({
      metadata,
      catalog,
      policies: resourcePolicies,
      registryPolicyScope: (accountId) => services.resourcePolicies.registryPolicyScope(accountId),
      identityPolicies,
    }),
  });
  const tokens = new AuthorizationTokens(secrets);
  const defaultAccountId = await metadata.defaultAccountId();
  const publicHost = {
    ...(config.ecrPublic.registryHost !== undefined && { configured: config.ecrPublic.registryHost }),
    ...(config.registryHost !== undefined && { registryHost: config.registryHost }),
  };
  checkPublicRegistryHost(publicHost);
  const ecrPublic = await openEcrPublic(stores, secrets, services);
  const lifecycle = composeLifecycle({
    database: stores.database,
    metadata,
    repositories: services.repositories,
    images: services.images,
    jobs: new KyselyJobQueue(stores.database),
    runEveryMs: config.lifecycle.runEveryMs,
    // Called on requests only, once the background work below has started.
    wakeWorker: () => backgroundWork.wake(),
    logger,
  });
  const server = createServer({
    logger,
    services,
    resolveOciCaller: config.auth === 'ecr' ? ecrTokenCaller({ tokens, defaultAccountId }) : anonymousCaller(defaultAccountId),
    authorizer,
    rateLimit: config.rateLimit,
    layerDownloads,
    ecr: {
      identity,
      tokens,
      model: loadServiceModel('aws-ecr'),
      lifecycle,
      deployment: { region: config.region, defaultAccountId, ...(config.registryHost !== undefined && { registryHost: config.registryHost }) },
    },
    ecrPublic: {
      ecrPublic,
      bearer: new RegistryBearerTokens(new SecretBox(secrets.deriveKey('ecr-public-registry-token'))),
      model: loadServiceModel('aws-ecr-public'),
      publicHost,
      pulls: { anonymousPerSecond: config.ecrPublic.pullsPerSecond.anonymous, authenticatedPerSecond: config.ecrPublic.pullsPerSecond.authenticated },
    },
    iam: { identity, groups, permissions, authorize: iamAuthorizer(authorizer), region: config.region },
  });
  const blobCollection = new CachedBlobCollection(new KyselyBlobCollection(stores.database.db), readCache.cache, readCache.bus);
  const backgroundWork = startBackgroundWork({
    database: stores.database,
    metadata,
    blobs: stores.blobs,
    logger,
    uploadExpiry: config.uploadExpiry,
    subsystems: [lifecycle.background, garbageCollectionJobs(new GarbageCollector(blobCollection, stores.blobs), config.gc, logger)],
  });
  return {
    config,
    logger,
    server,
    services,
    identity,
    tokens,
    storageDescription: stores.describe,
    async close() {
      await backgroundWork.close();
      await server.close();
      await readCache.bus.close();
      await stores.close();
    },
  };
}

/** IAM actions are decided by the caller's identity policies alone (a root may do anything in its account). */
function iamAuthorizer(authorizer: Authorizer): IamAuthorizer {
  return ({ principal, action, resource }) => authorizer.isAllowed({ principal, action, resource: { kind: 'identity-only', arn: resource } });
}
