// A real S3 API server for tests: s3rver as a child process on a free loopback port, over a
// temporary directory. A child rather than in-process so that the S3 side is reached over real HTTP
// through the real AWS SDK, and so that its memory never counts against the store under test.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** s3rver accepts this key pair (and only it). */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = 'us-east-1';
const startTimeoutMs = 20_000;

export interface S3TestServer {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  pid: number;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A bucket created at start. */
  bucket: string;
  /** A client for the server, for tests that look at the objects themselves. */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'berth-s3rver-'));
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(process.execPath, [bin, '--directory', directory, '--address', '127.0.0.1', '--port', '0', '--silent'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  // A test run that dies without stopping the server must not leave it running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };

  let endpoint: string;
  try {
    endpoint = await new Promise<string>((resolveEndpoint, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start in ${startTimeoutMs} ms:\n${printed}`)), startTimeoutMs);
      child.stdout.on('data', () => {
        const match = /listening on ([\d.]+):(\d+)/i.exec(printed);
        if (match) {
          clearTimeout(timer);
          resolveEndpoint(`http://${match[1]}:${match[2]}`);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited with ${code} before listening:\n${printed}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  const createBucket = async (name: string) => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  };
  const bucket = options.bucket ?? 'berth-test';
  try {
    await createBucket(bucket);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    pid: child.pid!,
    region,
    credentials,
    bucket,
    client,
    createBucket,
    async stop() {
      client.destroy();
      await stop();
    },
  };
}
