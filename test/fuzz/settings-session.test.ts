// Fuzzing what kms reads from disk besides the keyring: the settings file (src/cli/settings.ts, and
// the values read from it: region, account, quotas, clock) and unlock sessions (src/keyring/session.ts:
// the KMS_SESSION value, the session file, --duration). Any text is settings or a session, or one
// configuration error (exit 253; a bad --duration is a usage error); a session never yields another MK.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClockOverride } from '../../src/cli/clock.js';
import { readSettings, resolveAccount, resolveAuthorization, resolveLimits, resolveRegion, resolveTrailRetention, SETTING_KEYS, settingsPath } from '../../src/cli/settings.js';
import { EXIT, LocalError } from '../../src/errors.js';
import { createSession, openSession, parseDuration } from '../../src/keyring/session.js';
import { expectCleanObjectPrototype, fuzz, hostileString, mutatedJson, mutatedText, outcome } from './support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kms-fuzz-settings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SETTINGS = { region: 'eu-west-1', output: 'table', account: '123456789012', cli_binary_format: 'raw-in-base64-out', now: '2027-01-01T00:00:00Z', clock_offset: '+1d12h', on_demand_rotation_limit: '25', grants_per_key: '50000', authorization: 'audit', via_service: 's3', trail_retention_days: '90' };
const settingTokens = fc.oneof(hostileString, fc.constantFrom(...Object.keys(SETTINGS).map((k) => `"${k}"`), '"-2h"', '"+99999999999999999999d"', '"0"', '"2027-13-45"', '"9999999999"', '{', '}', ':', ',', 'null'));

describe('the settings file', () => {
  it('any file text is settings whose every value resolves or is one configuration error', async () => {
    const env = { KMS_CONFIG_DIR: join(dir, 'config') };
    mkdirSync(env.KMS_CONFIG_DIR, { recursive: true });
    const path = settingsPath(env, dir);
    const texts = fc.oneof(
      { weight: 4, arbitrary: mutatedJson(SETTINGS).map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 3, arbitrary: mutatedText(JSON.stringify(SETTINGS, null, 2), settingTokens) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
    );
    await fuzz('settings file', 200, texts, (text) => {
      writeFileSync(path, text);
      const read = outcome(() => readSettings(env, dir));
      expectCleanObjectPrototype();
      if (!read.ok) {
        expect((read.error as LocalError).exitCode).toBe(EXIT.config);
        return 'refused';
      }
      const s = read.value;
      for (const [k, v] of Object.entries(s)) {
        expect(Object.keys(SETTING_KEYS)).toContain(k);
        expect(typeof v).toBe('string');
      }
      // each setting, as the CLI uses it: a value, or a configuration error naming the setting
      const uses: [string, () => unknown][] = [
        ['region', () => resolveRegion(undefined, {}, s)],
        ['account', () => resolveAccount({}, s)],
        ['quotas', () => resolveLimits(s)],
        ['authorization', () => resolveAuthorization({}, s)],
        ['trail', () => resolveTrailRetention({}, s)],
        ['clock', () => readClockOverride({}, s)],
      ];
      let bad = 0;
      for (const [what, use] of uses) {
        const r = outcome(use);
        if (!r.ok) {
          bad++;
          expect((r.error as LocalError).exitCode, what).toBe(EXIT.config);
        } else if (what === 'clock' && r.value !== undefined) {
          const o = r.value as { fixed?: Date; offsetMs?: number };
          if (o.fixed) expect(Number.isNaN(o.fixed.getTime())).toBe(false);
          if (o.offsetMs !== undefined) expect(Number.isFinite(o.offsetMs)).toBe(true);
        }
      }
      return bad === 0 ? 'usable' : 'a value refused';
    });
  });
});

describe('unlock sessions', () => {
  const KEYRING = 'a'.repeat(32);
  const NOW = Date.UTC(2026, 0, 1);
  let runtime: string;
  let value: string;
  let file: string;
  let original: string;
  const mk = new Uint8Array(randomBytes(32));
  const deps = (session?: string) => ({ env: { XDG_RUNTIME_DIR: runtime, ...(session ? { KMS_SESSION: session } : {}) }, clock: { now: () => new Date(NOW) }, random: (n: number) => new Uint8Array(randomBytes(n)) });
  beforeAll(() => {
    runtime = join(dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    value = createSession(deps(), KEYRING, mk, 3_600_000);
    file = join(runtime, 'kms', `${value.split('.')[0]}.session`);
    original = readFileSync(file, 'utf8');
  });

  it('any KMS_SESSION value and any session file: the MK it was made with, or one configuration error', async () => {
    const sessionTokens = fc.oneof(hostileString, fc.constantFrom('.', '..', '=', '-', '_', 'A', '0', '/', '+'));
    const input = fc.record({
      session: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant(0).chain(() => mutatedText(value, sessionTokens)) }, { weight: 1, arbitrary: hostileString }),
      file: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 4, arbitrary: fc.constant(0).chain(() => mutatedJson(JSON.parse(original))).map((v) => JSON.stringify(v) ?? 'null') },
        { weight: 2, arbitrary: fc.constant(0).chain(() => mutatedText(original)) },
      ),
    });
    await fuzz('session: KMS_SESSION and session file', 500, input, ({ session, file: text }) => {
      writeFileSync(file, text ?? original, { mode: 0o600 });
      const r = outcome(() => openSession(deps(), session ?? value, KEYRING));
      if (r.ok) {
        // only the session as made opens, and only to its own MK
        expect(Buffer.from(r.value).equals(Buffer.from(mk))).toBe(true);
        return 'opened';
      }
      expect((r.error as LocalError).exitCode).toBe(EXIT.config);
      return 'refused';
    });
    writeFileSync(file, original, { mode: 0o600 });
    expect(Buffer.from(openSession(deps(), value, KEYRING)).equals(Buffer.from(mk))).toBe(true);
  });

  it('any --duration is 1 s to 24 h, or a usage error', async () => {
    const durations = fc.oneof(hostileString, mutatedText('2h30m15s', fc.constantFrom('h', 'm', 's', '0', '9', '99999999999999999999', ' ', '-', '1.5')), fc.constantFrom('24h', '24h0m1s', '0s', '86400s', '1440m'));
    await fuzz('session: --duration', 1500, durations, (text) => {
      const r = outcome(() => parseDuration(text));
      if (!r.ok) {
        expect((r.error as LocalError).exitCode).toBe(EXIT.usage);
        return 'refused';
      }
      expect(r.value).toBeGreaterThanOrEqual(1000);
      expect(r.value).toBeLessThanOrEqual(24 * 3_600_000);
      return 'accepted';
    });
  });
});
