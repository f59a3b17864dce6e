// `kms serve` as a command: argv parsing, flag checks, the credentials file formats, the clock
// override refusal, and a full start → request → stop cycle with an injected stop signal.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/cli/program.js';
import { LocalError } from '../../src/errors.js';
import { keyringInit } from '../../src/keyring/index.js';
import { runServeCommand, type ServeInvocation } from '../../src/cli/serve-command.js';
import { parseCredentials } from '../../src/server/credentials.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { memoryDeps } from '../support/deps.js';

function serveInv(argv: string[]): ServeInvocation {
  const inv = parseArgv(['serve', ...argv]);
  if (inv.kind !== 'serve') throw new Error(`parsed as ${inv.kind}`);
  return inv;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LocalError) return `${err.exitCode} ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('kms serve flags', () => {
  it('parses with the defaults', () => {
    const inv = serveInv([]);
    expect(inv.flags).toMatchObject({ host: '127.0.0.1', port: '4599', auth: true });
    expect(serveInv(['--port', '0', '--no-auth', '--allow-clock-override', '--host', '::1']).flags).toMatchObject({
      host: '::1',
      port: '0',
      auth: false,
      allowClockOverride: true,
    });
  });

  it('refuses --credentials with --no-auth (without either, only keys the keyring issued are accepted)', async () => {
    const deps = memoryDeps({});
    expect(await failure(runServeCommand(serveInv(['--no-auth', '--credentials', '/x']), deps))).toBe('252 --credentials and --no-auth cannot be used together');
    expect(await failure(runServeCommand(serveInv(['--no-auth', '--port', '70000']), deps))).toMatch(/^252 argument --port/);
  });

  it('refuses a moved clock unless --allow-clock-override', async () => {
    for (const env of [{ KMS_NOW: '2020-01-01T00:00:00Z' }, { KMS_CLOCK_OFFSET: '1h' }] as Record<string, string>[]) {
      expect(await failure(runServeCommand(serveInv(['--no-auth']), memoryDeps(env)))).toBe('253 kms serve refuses to run with KMS_NOW or KMS_CLOCK_OFFSET set');
    }
  });
});

describe('credentials file', () => {
  it('takes a principal for each key, and refuses one that is no principal ARN', () => {
    expect(parseCredentials('{"accessKeyId": "AK1", "secretAccessKey": "s1", "principal": "arn:aws:iam::111122223333:user/alice"}', 'f'))
      .toEqual([{ accessKeyId: 'AK1', secretAccessKey: 's1', principal: 'arn:aws:iam::111122223333:user/alice' }]);
    expect(parseCredentials('[ci]\naws_access_key_id = AK2\naws_secret_access_key = s2\nprincipal = arn:aws:sts::111122223333:assumed-role/ci/run-1\n', 'f'))
      .toEqual([{ accessKeyId: 'AK2', secretAccessKey: 's2', principal: 'arn:aws:sts::111122223333:assumed-role/ci/run-1' }]);
    expect(() => parseCredentials('{"accessKeyId": "AK1", "secretAccessKey": "s1", "principal": "alice"}', 'f')).toThrow(/gives access key AK1 a principal that is not an IAM user/);
  });

  it('reads JSON objects, JSON lists and INI sections', () => {
    expect(parseCredentials('{"accessKeyId": "AK1", "secretAccessKey": "s1"}', 'f')).toEqual([{ accessKeyId: 'AK1', secretAccessKey: 's1' }]);
    expect(parseCredentials('[{"AccessKeyId": "AK1", "SecretAccessKey": "s1"}, {"accessKeyId": "AK2", "secretAccessKey": "s2"}]', 'f')).toHaveLength(2);
    const ini = '# comment\n[default]\naws_access_key_id = AK1\naws_secret_access_key = s/1+\n\n[other]\naws_access_key_id=AK2\naws_secret_access_key=s2\n[empty]\n';
    expect(parseCredentials(ini, 'f')).toEqual([
      { accessKeyId: 'AK1', secretAccessKey: 's/1+' },
      { accessKeyId: 'AK2', secretAccessKey: 's2' },
    ]);
  });

  it('explains what is wrong without printing a secret', () => {
    const msg = (text: string) => {
      try {
        parseCredentials(text, '/c');
      } catch (err) {
        return (err as LocalError).message;
      }
      return 'ok';
    };
    expect(msg('[default]\nregion = x\n')).toBe('the credentials file /c holds no access key');
    expect(msg('{"accessKeyId": "AK", "secretAccessKey": 5}')).toBe('the credentials file /c has an entry without string accessKeyId and secretAccessKey');
    expect(msg('{"accessKeyId": "A/K", "secretAccessKey": "topsecret"}')).not.toContain('topsecret');
    expect(msg('{nope')).toBe('the credentials file /c is not valid JSON');
  });
});

describe('kms serve run', () => {
  it('opens the keyring, prints the port, serves signed requests, and stops with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-serve-cmd-'));
    const env = { HOME: dir, KMS_KEYRING: join(dir, 'k.db'), KMS_CONFIG_DIR: join(dir, 'cfg'), KMS_PASSPHRASE: 'pw', AWS_REGION: 'sa-east-1' };
    const deps = memoryDeps(env);
    await keyringInit(deps, { path: env.KMS_KEYRING, kdfLogN: 10 });
    const credsFile = join(dir, 'creds.ini');
    writeFileSync(credsFile, '[default]\naws_access_key_id = AKIDSERVE\naws_secret_access_key = shh\n');
    let stop!: (sig: string) => void;
    const stopped = new Promise<string>((r) => (stop = r));
    const run = runServeCommand(serveInv(['--port', '0', '--credentials', credsFile]), deps, () => stopped);
    await expect.poll(() => deps.out(), { timeout: 10_000 }).toMatch(/^kms serve listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = /http:\/\/[^\s]+/.exec(deps.out())![0];
    const body = '{}';
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey', host: new URL(url).host };
    const signed = signRequest({ method: 'POST', url: '/', headers, body }, { accessKeyId: 'AKIDSERVE', secretAccessKey: 'shh' }, { region: 'sa-east-1', now: new Date() });
    const { host: _host, ...sendHeaders } = { ...headers, ...signed };
    const res = await fetch(`${url}/`, { method: 'POST', headers: sendHeaders, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn).toMatch(/^arn:aws:kms:sa-east-1:/);
    stop('SIGINT');
    expect(await run).toBe(0);
    expect(deps.err()).toMatch(/CreateKey - 200 \d+ms/);
    expect(deps.err()).toContain('SIGINT: stopping');
    await expect(fetch(`${url}/`, { method: 'POST' })).rejects.toThrow();
  });
});
