// A deployment of several Berth processes for the scale-out suites: one throwaway PostgreSQL database
// and one s3rver bucket shared by every node, nothing else shared, each node with its own data
// directory, all stopped by pid at the end.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Server, type S3TestServer } from '../../src/storage/testing/s3-server.js';
import { newTestCredentials, startBerth, type BerthProcess, type RootCredentials } from '../support/berth-process.js';
import type { PostgresServer } from '../support/postgres-server.js';

export interface Fleet {
  s3: S3TestServer;
  databaseUrl: string;
  /** The root key every node was seeded with, when the fleet runs with ECR authentication. */
  credentials?: RootCredentials;
  nodes: BerthProcess[];
  /** Starts one more node on the shared stores (one at a time: nodes seed the same root key). */
  startNode(env?: Record<string, string>): Promise<BerthProcess>;
  /** Stops the nodes, s3rver and the PostgreSQL server, and removes the data directories. */
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** Environment for every node (per-node additions go to startNode). */
  env?: Record<string, string>;
  /** ECR authentication, every node seeded with the same root key. */
  auth?: boolean;
}

export async function startFleet(postgres: PostgresServer, options: FleetOptions = {}): Promise<Fleet> {
  const s3 = await startS3Server();
  const databaseUrl = await postgres.createDatabase();
  const masterKey = randomBytes(32).toString('base64');
  const credentials = options.auth ? newTestCredentials() : undefined;
  const authEnv: Record<string, string> = credentials
    ? { BERTH_AUTH: 'ecr', BERTH_ROOT_ACCESS_KEY_ID: credentials.accessKeyId, BERTH_ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey }
    : {};
  const nodes: BerthProcess[] = [];
  const dataDirs: string[] = [];
  return {
    s3,
    databaseUrl,
    ...(credentials && { credentials }),
    nodes,
    async startNode(env = {}) {
      const dataDir = await mkdtemp(join(tmpdir(), 'berth-node-'));
      dataDirs.push(dataDir);
      const node = await startBerth({
        dataDir,
        args: ['--database', databaseUrl, '--storage', `s3://${s3.bucket}/registry?endpoint=${s3.endpoint}&region=${s3.region}&forcePathStyle=true`],
        env: {
          BERTH_MASTER_KEY: masterKey,
          AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
          ...options.env,
          ...authEnv,
          ...env,
        },
      });
      nodes.push(node);
      return node;
    },
    async stop() {
      for (const node of nodes) await node.stop();
      await s3.stop();
      await postgres.stop();
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    },
  };
}
