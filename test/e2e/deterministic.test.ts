// `kms keyring init --deterministic SEED` through the real CLI, as a test suite uses it: two fresh
// keyrings from one seed print the same key ids, ciphertexts, signatures, data keys and streams for
// the same commands, whether each call opens the keyring, runs in an unlocked session's agent or
// goes through `kms serve`; `keyring info` and every --debug run say so; refusals leave nothing.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer } from './serve-support.js';

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));
const INPUT = randomBytes(300_000); // the same file in every sandbox

async function deterministicBox(seed: string, opts: { agent?: boolean } = {}): Promise<Sandbox> {
  const sb = await sandbox(false);
  boxes.push(sb);
  const init = await sb.kms(['keyring', 'init', '--kdf-cost', '10', '--deterministic', seed]);
  expect(init.exitCode, String(init.stderr)).toBe(0);
  expect(String(init.stderr)).toBe(
    `created keyring ${sb.keyring}\nwarning: the keyring is deterministic: anyone who knows the seed can make its keys; use it for tests, never for real data\n`,
  );
  if (opts.agent) {
    const u = await sb.kms(['keyring', 'unlock', '--duration', '1h']);
    sb.env.KMS_SESSION = /KMS_SESSION='([^']+)'/.exec(String(u.stdout))![1]!;
  }
  writeFileSync(join(sb.dir, 'input.bin'), INPUT);
  writeFileSync(join(sb.dir, 'small.bin'), 'fixture');
  return sb;
}

/** What a CI job's script would run and keep: stdout of each command, byte for byte. */
async function script(sb: Sandbox): Promise<string[]> {
  const out: string[] = [];
  const run = async (args: string[], opts: { input?: Buffer } = {}) => {
    const r = await sb.kms(args, { cwd: sb.dir, encoding: 'buffer', ...(opts.input ? { input: opts.input } : {}) });
    expect(r.exitCode, `${args.join(' ')}: ${Buffer.from(r.stderr as unknown as Uint8Array).toString()}`).toBe(0);
    return Buffer.from(r.stdout as unknown as Uint8Array).toString('latin1');
  };
  const key = (await run(['create-key', '--description', 'fixture', '--query', 'KeyMetadata.Arn', '--output', 'text'])).trim();
  out.push(key);
  out.push(await run(['create-alias', '--alias-name', 'alias/fixture', '--target-key-id', key]));
  out.push(await run(['encrypt', '--key-id', 'alias/fixture', '--plaintext', 'fileb://small.bin', '--encryption-context', 'app=ci']));
  out.push(await run(['generate-data-key', '--key-id', 'alias/fixture', '--key-spec', 'AES_256', '--output', 'json']));
  const rsa = (await run(['create-key', '--key-spec', 'RSA_2048', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId', '--output', 'text'])).trim();
  out.push(rsa);
  out.push(await run(['sign', '--key-id', rsa, '--message', 'aGVsbG8=', '--signing-algorithm', 'RSASSA_PSS_SHA_256', '--query', 'Signature', '--output', 'text']));
  out.push(await run(['generate-data-key-pair', '--key-id', 'alias/fixture', '--key-pair-spec', 'ECC_NIST_P256', '--output', 'json']));
  const stream = await run(['encrypt-stream', '--key-id', 'alias/fixture', '--in', 'input.bin']);
  out.push(stream);
  expect(await run(['decrypt-stream'], { input: Buffer.from(stream, 'latin1') })).toBe(INPUT.toString('latin1'));
  return out;
}

describe('kms keyring init --deterministic', () => {
  let reference: string[];

  it('two fresh keyrings from one seed print the same ids, ciphertexts, signatures, data keys and streams', async () => {
    const [a, b] = [await deterministicBox('ci-suite'), await deterministicBox('ci-suite')];
    reference = await script(a);
    expect(await script(b)).toEqual(reference);
    expect(reference[0]).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/);
    // generate-random opens no keyring from the command line: its bytes are the system's (README)
    const random = async (sb: Sandbox) => String((await sb.kms(['generate-random', '--number-of-bytes', '32', '--query', 'Plaintext', '--output', 'text'])).stdout);
    expect(await random(a)).not.toBe(await random(b));
    // another seed, another everything
    const c = await deterministicBox('another-suite');
    const other = await script(c);
    expect(other[0]).not.toBe(reference[0]);
    expect(other[7]).not.toBe(reference[7]);
  }, 120_000);

  it('an unlocked session (the kms agent) and kms serve give what separate processes give', async () => {
    const agent = await deterministicBox('ci-suite', { agent: true });
    expect(await script(agent)).toEqual(reference);

    const served = await deterministicBox('ci-suite');
    const server = await startServer(served);
    try {
      // the startup lines follow the one with the port
      for (let i = 0; i < 100 && !server.log().includes('deterministic'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(server.log()).toMatch(/warning: the keyring is deterministic \(seed [0-9a-f]{16}\): its new key ids, key material and ciphertexts follow from the seed; for tests only\n/);
      const r = await served.kms(['--endpoint-url', server.url, 'create-key', '--description', 'fixture', '--query', 'KeyMetadata.Arn', '--output', 'text'], {
        env: clientEnv(served),
      });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(String(r.stdout).trim()).toBe(reference[0]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('keyring info and every --debug run say so; an ordinary keyring says neither', async () => {
    const sb = await deterministicBox('ci-suite');
    expect(json(await sb.kms(['keyring', 'info']))).toMatchObject({ Deterministic: true });
    const debug = await sb.kms(['--debug', 'list-keys']);
    expect(String(debug.stderr)).toMatch(/kms debug \[[\d.]+ ms\] keyring is deterministic \(seed [0-9a-f]{16}\): new key ids, key material and ciphertexts follow from its seed; for tests only\n/);
    const plain = await sandbox();
    boxes.push(plain);
    expect(json(await plain.kms(['keyring', 'info']))).toMatchObject({ Deterministic: false });
    expect(String((await plain.kms(['--debug', 'list-keys'])).stderr)).not.toMatch(/deterministic/);
  }, 60_000);

  it('refused, with one error line and nothing made: a team keyring, an empty seed', async () => {
    const sb = await sandbox(false);
    boxes.push(sb);
    const team = await sb.kms(['keyring', 'init', '--deterministic', 'x'], { env: { ...sb.env, KMS_KEYRING: 'postgresql://kms:secret@127.0.0.1:1/kms' } });
    expect(team.exitCode).toBe(253);
    expect(String(team.stderr)).toBe(
      'error: the keyring postgresql://kms:***@127.0.0.1:1/kms is deterministic (kms keyring init --deterministic): a team keyring in PostgreSQL cannot be one\n' +
        'hint: deterministic keyrings are for tests: keep it in a file\n',
    );
    const empty = await sb.kms(['keyring', 'init', '--deterministic', '']);
    expect(empty.exitCode).toBe(252);
    expect(String(empty.stderr)).toMatch(/^error: --deterministic needs a seed: a non-empty string\nhint: /);
    expect(existsSync(sb.keyring)).toBe(false);
  });
});
