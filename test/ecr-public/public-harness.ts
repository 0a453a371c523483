// Drives Berth's ECR Public surfaces the way users do: `aws ecr-public` against the ECR endpoint, the
// public registry at `localhost:<port>` (BERTH_PUBLIC_REGISTRY_HOST=localhost: no DNS needed, and the
// private registry stays at 127.0.0.1:<port>), its token endpoint, and skopeo.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OciClient, type Reply, type RequestOptions } from '../oci/oci-client.js';
import { startEcrBerth, type AwsResult, type EcrBerth } from '../ecr/ecr-harness.js';

export interface PublicBerth extends EcrBerth {
  /** localhost:<port>, as skopeo names the public registry. */
  publicHost: string;
  /** http://localhost:<port> */
  publicUrl: string;
  /** Runs `aws ecr-public <args>` with the root key (or the given one). */
  ecrPublic(args: string[], options?: Parameters<EcrBerth['aws']>[1]): Promise<AwsResult>;
  /** `aws ecr-public get-login-password`. */
  loginPassword(): Promise<string>;
  /** A token from the public registry's /token for `scopes`, anonymous or with an ECR Public password. */
  token(scopes: string[], password?: string): Promise<string>;
  /** A /v2/ client of the public registry sending `Authorization: Bearer <token>` (none when undefined). */
  client(token?: string): OciClient;
}

/** Pull limits are high unless a suite sets them: only the rate-limit suite wants to be refused. */
export async function startPublicBerth(env: Record<string, string> = {}): Promise<PublicBerth> {
  const berth = await startEcrBerth({
    env: {
      BERTH_PUBLIC_REGISTRY_HOST: 'localhost',
      BERTH_PUBLIC_PULLS_PER_SECOND_ANONYMOUS: '1000',
      BERTH_PUBLIC_PULLS_PER_SECOND_AUTHENTICATED: '1000',
      ...env,
    },
  });
  const publicHost = `localhost:${new URL(berth.url).port}`;
  const publicUrl = `http://${publicHost}`;
  const ecrPublic = (args: string[], options: Parameters<EcrBerth['aws']>[1] = {}) => berth.aws(args, { ...options, service: 'ecr-public' });
  return {
    ...berth,
    publicHost,
    publicUrl,
    ecrPublic,
    async loginPassword() {
      const result = await ecrPublic(['get-login-password']);
      if (result.status !== 0) throw new Error(`get-login-password failed: ${result.stderr}`);
      return result.stdout.trim();
    },
    async token(scopes, password) {
      const query = new URLSearchParams([['service', publicHost], ...scopes.map((scope): [string, string] => ['scope', scope])]);
      const headers: Record<string, string> = password === undefined ? {} : { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}` };
      const response = await fetch(`${publicUrl}/token?${query}`, { headers });
      if (response.status !== 200) throw new Error(`/token answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    client: (token) => new BearerOciClient(publicUrl, token),
  };
}

class BearerOciClient extends OciClient {
  constructor(
    baseUrl: string,
    private readonly token: string | undefined,
  ) {
    super(baseUrl);
  }

  override request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const authorization: Record<string, string> = this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
    return super.request(method, path, { ...options, headers: { ...authorization, ...options.headers } });
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** skopeo with its own trust policy (accept anything) and the given auth file, so the machine's configuration changes nothing. */
export async function skopeoIn(workDir: string): Promise<(args: string[], options: { authFile: string; stdin?: string }) => Promise<Run>> {
  const policy = join(workDir, 'policy.json');
  await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  return (args, options) =>
    new Promise((resolve, reject) => {
      const [command, ...rest] = args;
      const child = spawn('skopeo', ['--policy', policy, command!, '--authfile', options.authFile, ...rest], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(options.stdin ?? '');
    });
}
