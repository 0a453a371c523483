// Berth as a scale-out deployment: nodes on one PostgreSQL database and one S3 bucket, and with more
// than one node HAProxy in front (load-balancer.ts). PostgreSQL and the S3 server are the test
// suites' throwaway ones (src/metadata/testing, src/storage/testing): PostgreSQL with fsync off, and
// s3rver, a JavaScript S3 emulator writing plain files. Both run on the same cores as the nodes and
// the load generators, so the figures show what the nodes cost beside them, not what a real
// database host and object store would allow.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { startPostgresServer } from '../../src/metadata/testing/postgres-server.js';
import { startS3Server } from '../../src/storage/testing/s3-server.js';
import type { BenchOptions, TargetName } from '../options.js';
import { berthAuthorization, berthLabel, startBerthNode, type BerthNode } from './berth.js';
import { startLoadBalancer } from './load-balancer.js';
import type { RunningTarget } from './process.js';

export async function startScaleOutBerth(options: BenchOptions, name: TargetName, nodeCount: number): Promise<RunningTarget> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const postgres = await startPostgresServer();
    stops.push(() => postgres.stop());
    const s3 = await startS3Server();
    stops.push(() => s3.stop());
    const databaseUrl = await postgres.createDatabase();
    const env = {
      BERTH_DATABASE: databaseUrl,
      BERTH_STORAGE: `s3://${s3.bucket}/berth?endpoint=${s3.endpoint}&region=${s3.region}&forcePathStyle=true`,
      BERTH_MASTER_KEY: randomBytes(32).toString('base64'),
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    };
    const nodes: BerthNode[] = [];
    // One after another: the first migrates the schema and creates the root key the others find.
    for (let index = 0; index < nodeCount; index++) {
      const node = await startBerthNode(options, { env });
      stops.push(node.stop);
      nodes.push(node);
    }
    const balancer = nodeCount > 1 ? await startLoadBalancer(nodes.map((node) => node.url)) : undefined;
    if (balancer) stops.push(balancer.stop);
    const url = balancer?.url ?? nodes[0].url;
    const layout = balancer ? `${nodeCount} nodes behind ${balancer.label} (round robin per request)` : 'one node';
    return {
      name,
      label: `${berthLabel(options)}, ${layout} on PostgreSQL ${await serverVersion(databaseUrl)} (fsync off) + s3rver ${s3rverVersion()}`,
      url,
      pids: nodes.map((node) => node.pid),
      helperPids: [postgres.pid, s3.pid, ...(balancer ? [balancer.pid] : [])],
      authorization: await berthAuthorization(options, url, nodes[0].dataDir),
      output: () => [...nodes.map((node) => node.output()), balancer?.output() ?? ''].join('\n'),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw new Error(`${name}: ${(error as Error).message}`);
  }
}

async function serverVersion(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>(`select current_setting('server_version') as version`);
    return rows[0].version.split(' ')[0];
  } finally {
    await client.end();
  }
}

function s3rverVersion(): string {
  return (createRequire(import.meta.url)('s3rver/package.json') as { version: string }).version;
}
