// End to end through bin/kms: the keyring's own commands and unlocked sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
const withoutPassphrase = (env: Record<string, string>, extra: Record<string, string> = {}) => {
  const e: Record<string, string> = { ...env, ...extra };
  delete e.KMS_PASSPHRASE;
  return e;
};

beforeAll(async () => {
  sb = await sandbox(false);
});
afterAll(() => sb.cleanup());

describe('kms keyring', () => {
  it('info before init says there is no keyring (253)', async () => {
    const r = await sb.kms(['keyring', 'info']);
    expect(r.exitCode).toBe(253);
    expect(String(r.stderr)).toMatch(/^error: no keyring at .*\nhint: /);
  });

  it('init creates the file 0600 in a 0700 folder; a second init is refused', async () => {
    expect((await sb.kms(['keyring', 'init', '--kdf-cost', '10'])).exitCode).toBe(0);
    expect(statSync(sb.keyring).mode & 0o777).toBe(0o600);
    expect(statSync(join(sb.keyring, '..')).mode & 0o777).toBe(0o700);
    const again = await sb.kms(['keyring', 'init', '--kdf-cost', '10']);
    expect(again.exitCode).toBe(253);
  });

  it('a KDF cost outside 10..20 is a usage error', async () => {
    const r = await sb.kms(['keyring', 'init', '--kdf-cost', '9'], { env: { ...sb.env, KMS_KEYRING: join(sb.dir, 'other.db') } });
    expect(r.exitCode).toBe(252);
  });

  it('info needs no passphrase and shows no secrets', async () => {
    await sb.kms(['create-key']);
    const r = await sb.kms(['keyring', 'info'], { env: withoutPassphrase(sb.env) });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const info = json(r);
    expect(info).toMatchObject({ Path: sb.keyring, FormatVersion: 1, Kdf: { Name: 'scrypt', LogN: 10, R: 8, P: 1 }, KeyCount: 1 });
    expect(Object.keys(info)).toEqual(['Path', 'FormatVersion', 'Kdf', 'KeyringId', 'KeyCount', 'CreationDate', 'Deterministic']);
    expect(info.Deterministic).toBe(false);
  });

  it('change-passphrase: the old passphrase stops working, the new one works, keys stay', async () => {
    const file = join(sb.dir, 'new-pass');
    writeFileSync(file, 'a brand new passphrase\n');
    const r = await sb.kms(['keyring', 'change-passphrase', '--new-passphrase-file', file]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect((await sb.kms(['list-keys'])).exitCode).toBe(253);
    const keys = await sb.kms(['list-keys', '--passphrase-file', file]);
    expect(keys.exitCode, String(keys.stderr)).toBe(0);
    expect(json(keys).Keys).toHaveLength(1);
    sb.env.KMS_PASSPHRASE = 'a brand new passphrase';
  });
});

describe('unlocked sessions', () => {
  it('unlock prints an export line; commands in the session need no passphrase; lock ends it', async () => {
    const r = await sb.kms(['keyring', 'unlock', '--duration', '5m']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const m = /^export KMS_SESSION='([0-9a-f]{32}\.[A-Za-z0-9_-]{43})'\n$/.exec(String(r.stdout));
    expect(m).not.toBeNull();
    const env = withoutPassphrase(sb.env, { KMS_SESSION: m![1]! });
    // the session file, and the socket of its agent (docs/agent.md) where npm install built it
    const files = readdirSync(join(sb.env.XDG_RUNTIME_DIR!, 'kms')).filter((f) => f.endsWith('.session'));
    expect(files).toHaveLength(1);
    expect(statSync(join(sb.env.XDG_RUNTIME_DIR!, 'kms', files[0]!)).mode & 0o777).toBe(0o600);

    const listed = await sb.kms(['list-keys'], { env });
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    const created = await sb.kms(['create-key'], { env });
    expect(created.exitCode, String(created.stderr)).toBe(0);

    expect((await sb.kms(['keyring', 'lock'], { env })).exitCode).toBe(0);
    const after = await sb.kms(['list-keys'], { env });
    expect(after.exitCode).toBe(253);
    expect(String(after.stderr)).toMatch(/^error: .*session/);
  });

  it('a tampered session token is refused (253)', async () => {
    const r = await sb.kms(['keyring', 'unlock']);
    const value = /KMS_SESSION='([^']+)'/.exec(String(r.stdout))![1]!;
    const bad = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    const out = await sb.kms(['list-keys'], { env: withoutPassphrase(sb.env, { KMS_SESSION: bad }) });
    expect(out.exitCode).toBe(253);
  });
});
