// Runs the real AWS CLI against a local endpoint with exactly the given key: no profile, no config
// file, no instance metadata, no retries, short timeouts. Never throws for a failing command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export async function awsCli(endpoint: string, args: string[], key: CliKey): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('aws', [...args, '--endpoint-url', endpoint, '--region', 'us-east-1', '--cli-read-timeout', '2', '--cli-connect-timeout', '2'], {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '1',
      },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
