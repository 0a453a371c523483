// The `berth` command line as an operator runs it: migrate, admin, and refusing bad configuration.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { berthBin } from '../support/berth-process.js';

function berth(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [berthBin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('berth command line', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'berth-cli-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('migrate brings a new data directory to the current schema, and says so; running it again changes nothing', () => {
    for (let run = 0; run < 2; run++) {
      const result = berth(['migrate', '--data', dataDir]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'metadata schema is current (SQLite)');
    }
  });

  test('admin creates accounts, users and keys, and lists accounts; a duplicate user is refused', () => {
    const account = berth(['admin', 'create-account', '--name', 'team-b', '--data', dataDir]);
    assert.equal(account.status, 0, account.stderr);
    const created = JSON.parse(account.stdout);
    assert.match(created.AccountId, /^[1-9]\d{11}$/);
    assert.match(created.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(created.SecretAccessKey.length, 40);

    const listed = JSON.parse(berth(['admin', 'list-accounts', '--data', dataDir]).stdout) as { AccountId: string; Default: boolean }[];
    assert.ok(listed.some((entry) => entry.AccountId === created.AccountId && !entry.Default));
    assert.equal(listed.filter((entry) => entry.Default).length, 1, 'exactly one default account');

    const user = berth(['admin', 'create-user', '--user-name', 'alice', '--account', created.AccountId, '--data', dataDir]);
    assert.equal(user.status, 0, user.stderr);
    assert.equal(JSON.parse(user.stdout).Arn, `arn:aws:iam::${created.AccountId}:user/alice`);
    const key = JSON.parse(berth(['admin', 'create-access-key', '--user-name', 'alice', '--account', created.AccountId, '--data', dataDir]).stdout);
    assert.equal(key.UserName, 'alice');

    const again = berth(['admin', 'create-user', '--user-name', 'alice', '--account', created.AccountId, '--data', dataDir]);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already exists/);
    const missing = berth(['admin', 'create-access-key', '--user-name', 'nobody', '--data', dataDir]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /The user with name nobody cannot be found/);
  });

  test('gc reports what it freed and what a dry run would free; a bad grace period is refused', () => {
    const dryRun = berth(['gc', '--dry-run', '--grace', '0', '--data', dataDir]);
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /^dry run: 0 unreferenced blobs would be deleted, freeing 0 B \(0 bytes\); \d+ blobs \(.*\) remain$/m);
    const run = berth(['gc', '--data', dataDir]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^removed 0 expired upload sessions$/m);
    assert.match(run.stdout, /^deleted 0 blobs, freeing 0 B \(0 bytes\) in [\d.]+ s; /m);
    const bad = berth(['gc', '--grace', 'a while', '--data', dataDir]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /"a while" is not a duration/);
  });

  test('serve refuses invalid configuration, naming the setting', () => {
    const listen = berth(['serve', '--data', dataDir], { BERTH_LISTEN: 'nonsense' });
    assert.notEqual(listen.status, 0);
    assert.match(listen.stderr, /listen: listen must be HOST:PORT/);
    const database = berth(['serve', '--data', dataDir, '--database', 'mysql://x']);
    assert.notEqual(database.status, 0);
    assert.match(database.stderr, /database must be a postgres:\/\/ URL/);
    const storage = berth(['serve', '--data', dataDir, '--storage', 'ftp://x']);
    assert.notEqual(storage.status, 0);
    assert.match(storage.stderr, /unsupported storage URL scheme "ftp:"/);
  });
});
