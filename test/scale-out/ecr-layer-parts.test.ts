// ECR's multi-part layer upload spread over two nodes (PostgreSQL + s3rver), through the real
// @aws-sdk/client-ecr: the parts' record (every part but the last at least 5 MiB) is kept with the
// upload session in the database, so the node that receives a part or the completion judges the
// parts other nodes received too.
import {
  BatchCheckLayerAvailabilityCommand,
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  ECRClient,
  InitiateLayerUploadCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startPostgresServerOrSkip, type PostgresServer } from '../support/postgres-server.js';
import { startFleet, type Fleet } from './fleet.js';

const { server: postgres, skip } = await startPostgresServerOrSkip();
const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('ECR layer parts over two nodes on PostgreSQL + S3', { skip }, () => {
  let fleet: Fleet;
  let a: ECRClient;
  let b: ECRClient;

  before(async () => {
    fleet = await startFleet(postgres as PostgresServer, { auth: true });
    const client = async () => new ECRClient({ endpoint: (await fleet.startNode()).url, region: 'us-east-1', credentials: fleet.credentials!, maxAttempts: 1 });
    a = await client();
    b = await client();
    await a.send(new CreateRepositoryCommand({ repositoryName: 'fleet/layers' }));
  });

  after(async () => {
    a?.destroy();
    b?.destroy();
    if (fleet) await fleet.stop();
    else await postgres?.stop();
  });

  const initiate = async (client: ECRClient) => (await client.send(new InitiateLayerUploadCommand({ repositoryName: 'fleet/layers' }))).uploadId!;
  const uploadPart = (client: ECRClient, uploadId: string, firstByte: number, bytes: Buffer) =>
    client.send(new UploadLayerPartCommand({ repositoryName: 'fleet/layers', uploadId, partFirstByte: firstByte, partLastByte: firstByte + bytes.length - 1, layerPartBlob: bytes }));
  const complete = (client: ECRClient, uploadId: string, digest: string) =>
    client.send(new CompleteLayerUploadCommand({ repositoryName: 'fleet/layers', uploadId, layerDigests: [digest] }));

  test('a layer initiated on node A, sent in parts to A then B and completed on B, is available on A', async () => {
    const layer = randomBytes(5 * MiB + 4321);
    const uploadId = await initiate(a);
    const first = await uploadPart(a, uploadId, 0, layer.subarray(0, 5 * MiB));
    assert.equal(first.lastByteReceived, 5 * MiB - 1);
    const second = await uploadPart(b, uploadId, 5 * MiB, layer.subarray(5 * MiB));
    assert.equal(second.lastByteReceived, layer.length - 1, 'node B continues where node A stopped');
    const completed = await complete(b, uploadId, sha256(layer));
    assert.equal(completed.layerDigest, sha256(layer));
    const checked = await a.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'fleet/layers', layerDigests: [sha256(layer)] }));
    assert.deepEqual(
      checked.layers?.map(({ layerDigest, layerAvailability, layerSize }) => ({ layerDigest, layerAvailability, layerSize })),
      [{ layerDigest: sha256(layer), layerAvailability: 'AVAILABLE', layerSize: layer.length }],
    );
    assert.deepEqual(checked.failures, []);
  });

  test('a part under 5 MiB received by node B, followed by one received by node A, fails the completion on A', async () => {
    const layer = randomBytes(2 * MiB);
    const uploadId = await initiate(a);
    await uploadPart(b, uploadId, 0, layer.subarray(0, MiB));
    await uploadPart(a, uploadId, MiB, layer.subarray(MiB));
    await assert.rejects(complete(a, uploadId, sha256(layer)), (error: Error) => {
      assert.equal(error.name, 'LayerPartTooSmallException', error.message);
      assert.match(error.message, /bytes 0-1048575 has 1048576 bytes and is not the last part/);
      return true;
    });
    await assert.rejects(uploadPart(b, uploadId, 2 * MiB, randomBytes(10)), { name: 'UploadNotFoundException' }, 'the upload was discarded, for every node');
  });
});
