// Seals secrets (access keys' secrets, authorization token payloads) with the deployment's master
// key: AES-256-GCM, so a sealed value can be neither read nor altered without the key.
// The master key comes from BERTH_MASTER_KEY (base64 of 32 bytes; every node of a scale-out
// deployment needs the same one) or, on the embedded default, from <data>/master.key created on
// first start and readable only by its owner.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const format = 'v1';

export class SecretBox {
  /** A short, non-secret fingerprint of the key, so sealed values can name the key they need. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the master key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [format, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /**
   * A key for one purpose (e.g. `ecr-layer-download`), derived with HKDF-SHA256 (RFC 5869): every node
   * sharing the master key derives the same one, and no derived key reveals the master or another.
   */
  deriveKey(purpose: string, lengthBytes = 32): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `berth:${purpose}`, lengthBytes));
  }

  /** The plaintext, or undefined when the value was not sealed by this key or was altered. */
  open(sealed: string): string | undefined {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== format || !iv || !tag || ciphertext === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** The master key from the environment, else from the data directory (created on first start). */
export async function loadMasterKey(options: { env: NodeJS.ProcessEnv; dataDir: string }): Promise<SecretBox> {
  const fromEnv = options.env.BERTH_MASTER_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('BERTH_MASTER_KEY must be the base64 encoding of 32 random bytes (openssl rand -base64 32)');
    return new SecretBox(key);
  }
  const path = join(options.dataDir, 'master.key');
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return new SecretBox(Buffer.from(existing.trim(), 'base64'));
  const key = randomBytes(32);
  // 'wx': if another process created it meanwhile, fail rather than overwrite a key in use.
  await writeFile(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return new SecretBox(key);
}
