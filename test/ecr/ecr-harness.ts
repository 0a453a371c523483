// Drives Berth's ECR control plane the way users do: the unchanged AWS CLI and @aws-sdk/client-ecr,
// pointed at a Berth started with authentication on.
import { ECRClient } from '@aws-sdk/client-ecr';
import { spawn } from 'node:child_process';
import { startBerth, type BerthProcess, type RootCredentials, type StartBerthOptions } from '../support/berth-process.js';

export const region = 'us-east-1';

export interface EcrBerth extends BerthProcess {
  credentials: RootCredentials;
  /** An SDK client for the root key (or other credentials). */
  sdk(credentials?: RootCredentials): ECRClient;
  /** Runs `aws ecr <args>` (or another service with `service`), with the root key unless others are given. */
  aws(args: string[], options?: { credentials?: RootCredentials; service?: string; stdin?: string }): Promise<AwsResult>;
}

export interface AwsResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (the CLI prints JSON by default); undefined when empty. */
  json: any;
}

export async function startEcrBerth(options: Omit<StartBerthOptions, 'auth'> = {}): Promise<EcrBerth> {
  const berth = await startBerth({ ...options, auth: true });
  const credentials = berth.credentials!;
  return {
    ...berth,
    credentials,
    sdk: (other = credentials) => new ECRClient({ endpoint: berth.url, region, credentials: other, maxAttempts: 1 }),
    aws: (args, awsOptions = {}) => runAws(berth.url, [awsOptions.service ?? 'ecr', ...args], awsOptions.credentials ?? credentials, awsOptions.stdin),
  };
}

/** The AWS CLI with only the given credentials: no profile, no config file, no retries. */
export function runAws(endpoint: string, args: string[], credentials: RootCredentials, stdin?: string): Promise<AwsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_MAX_ATTEMPTS: '1',
        AWS_RETRY_MODE: 'standard',
        AWS_PAGER: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      let json: any;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: status ?? -1, stdout, stderr, json });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** `An error occurred (X) when calling the Y operation: …` → X, from the CLI's stderr. */
export function cliErrorType(result: AwsResult): string | undefined {
  return /An error occurred \((\w+)\)/.exec(result.stderr)?.[1];
}
