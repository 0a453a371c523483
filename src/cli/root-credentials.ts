// The default account's root key: seeded from BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY
// (scripts, tests), or generated on first start, shown once and saved where only the owner can read
// it, in the AWS CLI's credentials-file format.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdentityService, NewAccessKey } from '../identity/identity-service.js';

export interface RootKeyOutcome {
  /** The key created by this start, to be printed once; undefined when one existed or was seeded. */
  created?: NewAccessKey;
  /** Where a generated key was saved. */
  savedTo?: string;
  seeded: boolean;
}

export async function ensureRootKey(identity: IdentityService, options: { env: NodeJS.ProcessEnv; dataDir: string; region: string }): Promise<RootKeyOutcome> {
  const accessKeyId = options.env.BERTH_ROOT_ACCESS_KEY_ID;
  const secretAccessKey = options.env.BERTH_ROOT_SECRET_ACCESS_KEY;
  if (accessKeyId || secretAccessKey) {
    if (!accessKeyId || !secretAccessKey) throw new Error('set both BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, or neither');
    await identity.bootstrapRootKey({ accessKeyId, secretAccessKey });
    return { seeded: true };
  }
  const created = await identity.bootstrapRootKey();
  if (!created) return { seeded: false };
  const savedTo = join(options.dataDir, 'root-credentials');
  const file = [
    `# Berth: root access key of account ${created.accountId}, created ${new Date().toISOString()}`,
    '[berth]',
    `aws_access_key_id = ${created.accessKeyId}`,
    `aws_secret_access_key = ${created.secretAccessKey}`,
    `region = ${options.region}`,
    '',
  ].join('\n');
  await writeFile(savedTo, file, { mode: 0o600 });
  return { created, savedTo, seeded: false };
}
