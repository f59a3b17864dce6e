// Starts `bin/kms serve --port 0` on a sandbox's keyring for the serve-*.test.ts suites, and
// finds the installed clients (aws, python3 + boto3) those suites compare against.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KMS, type Sandbox } from '../support/cli.js';

/** The credentials every serve suite signs with (AWS's documented example pair). */
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface Server {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the server wrote to stderr so far (request log lines). */
  log(): string;
  stop(): Promise<void>;
}

/** The serve credentials file: one access key id and secret, as `kms serve --credentials` reads it. */
export function writeCredentials(sb: Sandbox): string {
  const path = join(sb.dir, 'serve-credentials');
  writeFileSync(path, `[default]\naws_access_key_id = ${ACCESS_KEY_ID}\naws_secret_access_key = ${SECRET_ACCESS_KEY}\n`, { mode: 0o600 });
  return path;
}

/** Environment for a client (kms, aws, boto3) that talks to the server. */
export function clientEnv(sb: Sandbox, url?: string): Record<string, string> {
  const env: Record<string, string> = {
    ...sb.env,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(sb.dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(sb.dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (url) env.AWS_ENDPOINT_URL_KMS = url;
  return env;
}

/** Starts `kms serve --port 0` on the sandbox's keyring (--credentials unless `extra` has --no-auth); resolves once it printed its port. */
export async function startServer(sb: Sandbox, extra: string[] = []): Promise<Server> {
  const auth = extra.includes('--no-auth') ? [] : ['--credentials', writeCredentials(sb)];
  const proc = spawn(KMS, ['serve', '--port', '0', ...auth, ...extra], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kms serve printed no port in 20 s: ${out}${err}`)), 20_000);
    const look = () => {
      const m = /(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)|\bport\D{0,3}(\d+)/i.exec(out + err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1] ?? m[2]));
      }
    };
    proc.stdout!.on('data', (c: Buffer) => ((out += c.toString()), look()));
    proc.stderr!.on('data', look);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kms serve exited (${code}): ${out}${err}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    proc,
    log: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Why a tool cannot be used here, or undefined when it can. */
export function missing(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${cmd} ${args.join(' ')} failed: ${(r.error?.message ?? r.stderr ?? '').trim().split('\n').pop()}`;
}

export const NO_AWS = missing('aws', ['--version']);
export const NO_BOTO3 = missing('python3', ['-c', 'import boto3']);
