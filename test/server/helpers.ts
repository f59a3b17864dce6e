// Test helpers for the server: an in-process `kms serve` on 127.0.0.1:0 over a MemoryStore, and
// probes for the external clients (python3 + boto3, the aws CLI) that some suites need.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import type { Credentials } from '../../src/protocol/sigv4.js';

export const CREDS: Credentials = { accessKeyId: 'AKIAKMSSERVETEST0001', secretAccessKey: 'kms-serve-test-secret/0123456789abcdefXYZ' };

export interface TestServer extends RunningServer {
  store: MemoryStore;
  logs: string[];
  clock: { now(): Date };
}

export async function startTestServer(opts: { auth?: boolean; now?: () => Date; maxBodyBytes?: number } = {}): Promise<TestServer> {
  const store = new MemoryStore();
  const logs: string[] = [];
  const clock = { now: opts.now ?? (() => new Date()) };
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    store,
    account: '111122223333',
    defaultRegion: 'us-east-1',
    clock,
    random: (n) => new Uint8Array(randomBytes(n)),
    credentials: opts.auth === false ? undefined : [CREDS],
    log: (line) => logs.push(line),
    maxBodyBytes: opts.maxBodyBytes,
  });
  return { ...server, store, logs, clock };
}

function probe(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

/** Why boto3 tests cannot run here, or undefined when they can. */
export const noBoto3 = probe('python3', ['-c', 'import boto3, botocore']) ? undefined : 'python3 with boto3 is not installed';
/** Why aws CLI tests cannot run here, or undefined when they can. */
export const noAwsCli = probe('aws', ['--version']) ? undefined : 'the aws CLI is not installed';

/** Environment for a client process talking to the test server: its credentials, no user config. */
export function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}
