// Fuzzed bad input through the whole command line: main(argv, deps) in-process on a real keyring
// file, and a few runs of bin/kms itself. Each answer is one error in one of the CLI's shapes with
// its documented exit code (252 usage, 253 configuration, 254 service, 255 other), never a stack
// trace; a command refused before it reaches the engine leaves the keyring file and its WAL
// byte-for-byte as they were, and one refused by the engine adds only its audit-trail record.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecord } from '../../src/keyring/codec.js';
import { openKeyring } from '../../src/keyring/index.js';
import { sandbox } from '../support/cli.js';
import { inProcessCli } from '../support/in-process-cli.js';
import { testDeps } from '../keyring/helpers.js';
import { deepJsonText, fuzz, hostileString, mutatedBytes, mutatedJson, mutatedText, nestedText } from './support.js';

const cli = inProcessCli('us-east-1');
let blob = '';
beforeAll(async () => {
  await cli.init();
  const key = (await cli.ok('create-key', '--description', 'fuzz')).KeyMetadata.KeyId as string;
  await cli.ok('create-alias', '--alias-name', 'alias/fuzz', '--target-key-id', key);
  blob = (await cli.ok('encrypt', '--key-id', 'alias/fuzz', '--plaintext', 'aGk=', '--encryption-context', 'a=b')).CiphertextBlob as string;
});
afterAll(() => cli.cleanup());

/** The keyring file and its WAL, hashed. */
const fileDigest = (path: string) => [path, `${path}-wal`].map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : '-')).join(' ');
const digest = () => fileDigest(cli.env.KMS_KEYRING!);

/** Every record of the keyring, by name, as stored bytes (hex). */
async function records(): Promise<Map<string, string>> {
  const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: cli.env.KMS_PASSPHRASE }), { path: cli.env.KMS_KEYRING!, write: false });
  try {
    const all = await ring.read((v) => v.list(''));
    return new Map(all.map((r) => [r.name, Buffer.from(encodeRecord(r.value)).toString('hex')]));
  } finally {
    ring.close();
  }
}

// the message may echo a value it refused, line breaks and all, as AWS's ValidationException does
// ("Value '\r\n' at 'marker' failed to satisfy constraint …") and the aws CLI prints it as it is
const AWS_ERROR = /^\nAn error occurred \([A-Za-z.]+\) when calling the [A-Za-z]+ operation: [\s\S]*\n$/;
const USAGE = /^usage: kms \[options\] <command> \[parameters\]\nTo see help text, you can run:\n\n {2}kms help\n {2}kms <command> help\n\nkms: error: .+\n$/s;
const AWS_TEXT = /^\n(?!error: unexpected)[\s\S]+\n$/;
const LOCAL = /^error: (?!unexpected )[^\n]+\n(hint: [^\n]+\n)*$/;

/** One error, in the shape its exit code promises, and nothing on stdout. */
function expectOneError(r: { code: number; out: string; err: string }): void {
  expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+|error: unexpected|Cannot read propert|Maximum call stack|undefined \(reading/);
  if (r.code === 254) return expect(r.err).toMatch(AWS_ERROR);
  expect([252, 253, 255]).toContain(r.code);
  expect(r.out).toBe('');
  if (r.code === 252) expect(USAGE.test(r.err) || AWS_TEXT.test(r.err) || LOCAL.test(r.err), r.err).toBe(true);
  else if (r.code === 253) expect(r.err).toMatch(LOCAL);
  else expect(AWS_TEXT.test(r.err) || LOCAL.test(r.err), r.err).toBe(true);
}

const shorthandTokens = fc.oneof(hostileString, fc.constantFrom('=', ',', '[', ']', '{', '}', "'", '"', '\\', '@=', '__proto__='));
const queryTokens = fc.oneof(hostileString, fc.constantFrom('.', '[', ']', '(', ')', '|', '&&', '!', '`', "'", '=', '==', '[?', 'length(', 'Keys', '@'));
const ENCRYPT = ['encrypt', '--key-id', 'alias/fuzz', '--plaintext', 'aGk='];

/** Command lines with one fuzzed value each, of the kinds a person gets wrong, by kind. */
const KINDS = {
  cliInputJson: fc.oneof(
    mutatedJson({ KeyId: 'alias/fuzz', Plaintext: 'aGk=', EncryptionContext: { a: 'b' } }).map((v) => ['encrypt', '--cli-input-json', JSON.stringify(v) ?? 'null']),
    fc.oneof(mutatedText('{"KeyId": "alias/fuzz", "Plaintext": "aGk="}'), deepJsonText.filter((t) => t.length < 60_000)).map((t) => ['encrypt', '--cli-input-json', t]),
  ),
  cliInputYaml: mutatedText('KeyId: alias/fuzz\nPlaintext: aGk=\nEncryptionContext: {a: b}\n', fc.oneof(hostileString, fc.constantFrom('!!binary ', '&a ', '*a', '- ', ': ', '[', '{', '!Ref '))).map((t) => ['encrypt', '--cli-input-yaml', t]),
  shorthand: fc.oneof(
    mutatedText('a=b,c=[d,e]', shorthandTokens).map((t) => [...ENCRYPT, '--encryption-context', t]),
    fc.integer({ min: 400, max: 3_000 }).map((n) => [...ENCRYPT, '--encryption-context', `a=${nestedText('[', 'x', ']', n)}`]),
  ),
  query: fc.constantFrom('Keys[].KeyId', 'Keys[?KeyId]', 'length(Keys)').chain((q) => mutatedText(q, queryTokens)).map((q) => ['list-keys', '--query', q]),
  blob: fc.oneof(
    fc.constant(0).chain(() => mutatedBytes(new Uint8Array(Buffer.from(blob, 'base64')))).map((b) => ['decrypt', '--ciphertext-blob', Buffer.from(b).toString('base64'), '--encryption-context', 'a=b']),
    hostileString.map((t) => ['decrypt', '--ciphertext-blob', t]),
  ),
  startingToken: fc.oneof(hostileString, mutatedText('eyJNYXJrZXIiOiAiYSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9')).map((t) => ['list-keys', '--starting-token', t]),
  unknownWords: fc.array(hostileString, { minLength: 1, maxLength: 3 }).map((words) => ['list-keys', ...words]),
};
const argvs: fc.Arbitrary<string[]> = fc.oneof(...Object.values(KINDS));

describe('fuzzed bad input through main(), on a real keyring', () => {
  it('one error in its documented shape and exit code; the keyring changes by its audit record at most', async () => {
    // what the keyring holds after the previous case: each case starts from it
    let hash = digest();
    let before = await records();
    await fuzz('cli: bad input through main()', 50, argvs, async (argv) => {
      const r = await cli.kms(...argv);
      const now = digest();
      if (r.code !== 0) {
        expectOneError(r);
        if (r.code === 252) expect(now, 'a usage error touched the keyring').toBe(hash);
      }
      if (now !== hash) {
        const after = await records();
        // a refused call adds its audit record and nothing else (an accepted one may note the key's use)
        if (r.code !== 0) {
          for (const [name, value] of before) expect(after.get(name), name).toBe(value);
          for (const name of after.keys()) if (!before.has(name)) expect(name).toMatch(/^trail\//);
        }
        [hash, before] = [now, after];
      }
      return r.code === 0 ? 'accepted' : String(r.code);
    });
  });
});

describe('regressions', () => {
  it('a bad --query stops the call before it runs (regression: create-key made a key, then said "Bad value for --query")', async () => {
    const keys = (await cli.ok('list-keys')).Keys.length as number;
    const hash = digest();
    const r = await cli.kms('create-key', '--query', 'KeyMetadata.[');
    expect(r.code).toBe(252);
    expect(r.err).toBe('\nBad value for --query KeyMetadata.[: Invalid jmespath expression: Incomplete expression:\n"KeyMetadata.["\n              ^\n');
    expect(digest()).toBe(hash);
    expect((await cli.ok('list-keys')).Keys).toHaveLength(keys);
  });
});

describe('the real bin/kms', () => {
  it('a few fuzzed bad inputs: one error line set, the documented exit code, no stack trace, the keyring untouched by usage errors', async () => {
    const sb = await sandbox();
    try {
      // one input of each kind (seeded: the same every run), then junk to decrypt-stream
      const kinds = [KINDS.cliInputJson, KINDS.shorthand, KINDS.query, KINDS.blob];
      const picked = kinds.map((kind, i) => fc.sample(kind.filter((a) => !a.some((w) => w.includes('\u0000'))), { numRuns: 1, seed: 42 + i })[0]!);
      const codes: number[] = [];
      for (const argv of picked) {
        const hash = fileDigest(sb.keyring);
        const r = await sb.kms(argv.map((w) => w.replace('alias/fuzz', 'alias/none')));
        codes.push(r.exitCode!);
        if (r.exitCode === 0) continue;
        expectOneError({ code: r.exitCode!, out: String(r.stdout), err: String(r.stderr) });
        if (r.exitCode === 252) expect(fileDigest(sb.keyring)).toBe(hash);
      }
      // decrypt-stream reads its header from stdin: a header naming a hostile key id, then junk
      const junk = new Uint8Array(Buffer.from('KMSSTRM\x01\x00\x09__proto__junk', 'latin1'));
      const r = await sb.kms(['decrypt-stream'], { input: Buffer.from(junk), encoding: 'buffer' });
      codes.push(r.exitCode!);
      expect(Buffer.from(r.stdout as unknown as Uint8Array).length).toBe(0);
      expectOneError({ code: r.exitCode!, out: '', err: Buffer.from(r.stderr as unknown as Uint8Array).toString() });
      console.log(`[fuzz] cli: bad input through bin/kms: ${codes.length} runs (exit codes ${codes.join(' ')})`);
    } finally {
      sb.cleanup();
    }
  });
});
