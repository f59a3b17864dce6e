// Fuzzing the credentials files: `kms serve --credentials` (src/server/credentials.ts, JSON or INI)
// and the shared credentials file the CLI signs --endpoint-url calls with (src/cli/remote.ts). Any
// text is a list of usable keys or one configuration error (exit 253) that never shows a secret.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../src/cli/remote.js';
import { EXIT, LocalError } from '../../src/errors.js';
import { parseCredentials } from '../../src/server/credentials.js';
import { expectCleanObjectPrototype, fuzz, hostileKey, hostileString, mutatedJson, mutatedText, outcome } from './support.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JSON_SEED = [
  { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, principal: 'arn:aws:iam::111122223333:user/alice' },
  { AccessKeyId: 'ASIAEXAMPLE2', SecretAccessKey: `${SECRET}2` },
];
const INI_SEED = `# comment
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${SECRET}
principal = arn:aws:iam::111122223333:role/app

; another
[profile two]
aws_access_key_id=ASIAEXAMPLE2
aws_secret_access_key=${SECRET}2
aws_session_token = token
`;
const iniTokens = fc.oneof(hostileString, fc.constantFrom('[', ']', '=', '\n', '\r\n', '#', ';', ' ', '[default]\n', 'aws_access_key_id', 'aws_secret_access_key', 'principal', '__proto__ = x\n', 'AWS_ACCESS_KEY_ID = a\n', 'arn:aws:iam::111122223333:root'));

const texts = fc.oneof(
  { weight: 3, arbitrary: mutatedJson(JSON_SEED).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: mutatedJson(JSON_SEED[0]).map((v) => JSON.stringify(v, null, 2) ?? 'null') },
  { weight: 3, arbitrary: mutatedText(INI_SEED, iniTokens) },
  { weight: 1, arbitrary: fc.array(iniTokens, { maxLength: 20 }).map((t) => t.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

const dir = mkdtempSync(join(tmpdir(), 'kms-fuzz-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kms serve --credentials', () => {
  it('any file text is keys that are usable, or one configuration error naming the file and no secret', async () => {
    await fuzz('credentials: kms serve --credentials', 1500, texts, (text) => {
      const r = outcome(() => parseCredentials(text, '/etc/kms/creds'));
      expectCleanObjectPrototype();
      if (!r.ok) {
        const err = r.error as LocalError;
        expect(err.exitCode).toBe(EXIT.config);
        expect(err.message).toContain('/etc/kms/creds');
        // a secret never reaches an error, not even one an edit ran into the principal's line
        expect(err.message + err.hints.join('')).not.toContain(SECRET);
        return 'refused';
      }
      expect(r.value.length).toBeGreaterThan(0);
      for (const c of r.value) {
        expect(c.accessKeyId).toMatch(/^[\x21-\x7e]{1,128}$/);
        expect(c.accessKeyId).not.toContain('/');
        expect(typeof c.secretAccessKey).toBe('string');
        expect(c.secretAccessKey.length).toBeGreaterThan(0);
        if (c.principal !== undefined) expect(c.principal).toMatch(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/);
        expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
      }
      return 'accepted';
    });
  });
});

describe('the shared credentials file (AWS_SHARED_CREDENTIALS_FILE) for --endpoint-url calls', () => {
  it('any file text and profile name give credentials found in the file, or none; never an error', async () => {
    const path = join(dir, 'credentials');
    const input = fc.tuple(fc.oneof(mutatedText(INI_SEED, iniTokens), fc.string({ unit: 'binary', maxLength: 200 })), fc.oneof(fc.constantFrom('default', 'profile two', 'two', 'none'), hostileKey));
    await fuzz('credentials: shared credentials file', 300, input, ([text, profile]) => {
      writeFileSync(path, text);
      // the file as a reader sees it: a lone surrogate of the generated text is written as U+FFFD
      const stored = readFileSync(path, 'utf8');
      const env = { AWS_SHARED_CREDENTIALS_FILE: path, AWS_PROFILE: profile };
      const r = outcome(() => resolveCredentials(undefined, env, dir));
      expectCleanObjectPrototype();
      expect(r.ok).toBe(true);
      const c = r.ok ? r.value : undefined;
      if (c === undefined) return 'none';
      for (const v of [c.accessKeyId, c.secretAccessKey]) {
        expect(typeof v).toBe('string');
        expect(v.length).toBeGreaterThan(0);
        expect(stored).toContain(v);
      }
      return 'found';
    });
  });
});
