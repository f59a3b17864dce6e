// Fuzzing the ciphertext blob (DESIGN §3, docs/formats.md): the parser, the two blob ciphers, and
// Decrypt through the engine. Any malformed or altered blob is InvalidCiphertextException (or
// IncorrectKeyException for a KeyId that is not the blob's); only the blob as written decrypts.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobCipherFor, parseCiphertextBlob } from '../../src/crypto/families.js';
import { sealSm4Blob, SM4_BLOB_VERSION } from '../../src/crypto/sm4.js';
import { BLOB_VERSION, canonicalContext, KEY_ID, sealBlob } from '../../src/crypto/symmetric.js';
import { KmsError } from '../../src/errors.js';
import { makeEnv, type TestEnv } from '../engine/helpers.js';
import { errorOf, fuzz, hostileKey, hostileString, junkBytes, mutatedBytes, outcome, outcomeAsync } from './support.js';

const random = (n: number) => new Uint8Array(randomBytes(n));
const uuid = fc.uuid({ version: 4 });
const mrk = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => `mrk-${Buffer.from(b).toString('hex')}`);
const keyId = fc.oneof(uuid, mrk);
const context = fc.option(fc.dictionary(hostileKey, hostileString, { maxKeys: 4, noNullPrototype: true }), { nil: undefined });

interface Sealed {
  version: number;
  blob: Uint8Array;
  material: Uint8Array;
  plaintext: Uint8Array;
  context: Record<string, string> | undefined;
}

function seal(version: number, id: string, plaintext: Uint8Array, ctx: Record<string, string> | undefined): Sealed {
  const material = random(version === SM4_BLOB_VERSION ? 16 : 32);
  const args = { keyId: id, materialId: random(16), material, plaintext, context: ctx, random };
  return { version, blob: version === SM4_BLOB_VERSION ? sealSm4Blob(args) : sealBlob(args), material, plaintext, context: ctx };
}

/** InvalidCiphertextException as AWS sends it: that code, no message. */
function expectInvalid(err: Error): void {
  expect(err).toBeInstanceOf(KmsError);
  expect((err as KmsError).code).toBe('InvalidCiphertextException');
  expect(err.message).toBe('');
}

/** Parses and opens; the plaintext, or the one opaque error. */
function open(blob: Uint8Array, material: Uint8Array, ctx: Record<string, string> | undefined) {
  return outcome(() => {
    const parsed = parseCiphertextBlob(blob);
    return blobCipherFor(parsed.version).open(parsed, material, ctx);
  });
}

describe('ciphertext blob parser', () => {
  it('junk, and junk behind a plausible version and key id, is InvalidCiphertextException; what parses splits the bytes exactly', async () => {
    const plausible = fc
      .record({
        version: fc.constantFrom(0, BLOB_VERSION, SM4_BLOB_VERSION, 3, 255),
        id: fc.oneof(keyId, hostileString),
        idLen: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        rest: junkBytes(120),
      })
      .map(({ version, id, idLen, rest }) => {
        const idBytes = Buffer.from(id, 'utf8').subarray(0, 255);
        return new Uint8Array(Buffer.concat([Buffer.from([version, idLen ?? idBytes.length]), idBytes, rest]));
      });
    const input = fc.oneof(junkBytes(7000), plausible);
    await fuzz('ciphertext blob: junk', 1000, input, (blob) => {
      const r = outcome(() => parseCiphertextBlob(blob));
      if (!r.ok) {
        expectInvalid(r.error);
        return 'refused';
      }
      const p = r.value;
      expect([BLOB_VERSION, SM4_BLOB_VERSION]).toContain(p.version);
      expect(p.keyId).toMatch(KEY_ID);
      expect(Buffer.concat([p.header, p.iv, p.ciphertext, p.tag]).equals(blob)).toBe(true);
      expect(p.ciphertext.length).toBeGreaterThan(0);
      // a random body never opens under a random key
      const o = open(blob, random(p.version === SM4_BLOB_VERSION ? 16 : 32), undefined);
      expect(o.ok).toBe(false);
      if (!o.ok) expectInvalid(o.error);
      return 'parsed, did not open';
    });
  });

  it('a sealed blob with any edit (AES-GCM and SM4) is InvalidCiphertextException; unedited it opens to its plaintext', async () => {
    const sealed = fc
      .record({ version: fc.constantFrom(BLOB_VERSION, SM4_BLOB_VERSION), id: keyId, pt: fc.uint8Array({ minLength: 1, maxLength: 64 }), ctx: context })
      .map(({ version, id, pt, ctx }) => seal(version, id, pt, ctx));
    const input = sealed.chain((s) => fc.tuple(fc.constant(s), mutatedBytes(s.blob)));
    await fuzz('ciphertext blob: mutations', 800, input, ([s, blob]) => {
      const r = open(blob, s.material, s.context);
      if (Buffer.from(blob).equals(s.blob)) {
        expect(r.ok && Buffer.from(r.value).equals(s.plaintext)).toBe(true);
        return 'unchanged';
      }
      expect(r.ok).toBe(false);
      expectInvalid(errorOf(r));
      return 'refused';
    });
  });

  it('round-trips any key id, plaintext and encryption context; another context is InvalidCiphertextException', async () => {
    const input = fc.record({
      version: fc.constantFrom(BLOB_VERSION, SM4_BLOB_VERSION),
      id: keyId,
      pt: fc.uint8Array({ minLength: 1, maxLength: 4096 }),
      ctx: context,
      extraKey: hostileKey,
      extraValue: hostileString,
    });
    await fuzz('ciphertext blob: round trip', 600, input, ({ version, id, pt, ctx, extraKey, extraValue }) => {
      const s = seal(version, id, pt, ctx);
      const parsed = parseCiphertextBlob(s.blob);
      expect(parsed.version).toBe(version);
      expect(parsed.keyId).toBe(id);
      const r = open(s.blob, s.material, ctx);
      expect(r.ok && Buffer.from(r.value).equals(pt)).toBe(true);
      // a context with one more entry (or one value changed) is another context
      const other: Record<string, string> = { ...(ctx ?? {}) };
      Object.defineProperty(other, extraKey, { value: ctx?.[extraKey] === extraValue ? `${extraValue}x` : extraValue, enumerable: true });
      // UTF-8 has no lone surrogates: '\ud800' and '\ufffd' name one context entry
      if (Buffer.from(canonicalContext(other)).equals(Buffer.from(canonicalContext(ctx)))) return 'same context';
      const wrong = open(s.blob, s.material, other);
      expect(wrong.ok).toBe(false);
      expectInvalid(errorOf(wrong));
      return 'another context refused';
    });
  });
});

describe('Decrypt through the engine', () => {
  let env: TestEnv;
  let keyA: string;
  let keyB: string;
  let good: { blob: Uint8Array; plaintext: Uint8Array; context: Record<string, string> };
  beforeAll(async () => {
    env = makeEnv();
    keyA = (await env.newKey()).KeyId as string;
    keyB = (await env.newKey()).KeyId as string;
    await env.run('CreateAlias', { AliasName: 'alias/fuzz', TargetKeyId: keyA });
    const plaintext = new Uint8Array(randomBytes(48));
    const context: Record<string, string> = { purpose: 'fuzz', '': 'empty' };
    Object.defineProperty(context, '__proto__', { value: 'x', enumerable: true });
    const out = await env.run('Encrypt', { KeyId: keyA, Plaintext: plaintext, EncryptionContext: context });
    good = { blob: out.CiphertextBlob as Uint8Array, plaintext, context };
  });

  it('edited and junk blobs, with or without a KeyId and a context, give API exceptions only', async () => {
    const blob = fc.oneof({ weight: 3, arbitrary: fc.constant(0).chain(() => mutatedBytes(good.blob)) }, { weight: 1, arbitrary: junkBytes(300) }, { weight: 1, arbitrary: fc.constant(0).map(() => good.blob) });
    const input = fc.record({
      blob,
      keyId: fc.option(fc.constantFrom(keyA, keyB, 'alias/fuzz', `arn:aws:kms:us-east-1:111122223333:key/${keyA}`, 'alias/none'), { nil: undefined }),
      ctx: fc.constantFrom<'same' | 'none' | 'other'>('same', 'none', 'other'),
    });
    await fuzz('ciphertext blob: Decrypt', 300, input, async ({ blob, keyId, ctx }) => {
      const req: Record<string, unknown> = { CiphertextBlob: blob };
      if (keyId) req.KeyId = keyId;
      if (ctx === 'same') req.EncryptionContext = good.context;
      if (ctx === 'other') req.EncryptionContext = { purpose: 'other' };
      const r = await outcomeAsync(() => env.run('Decrypt', req));
      const untouched = Buffer.from(blob).equals(good.blob) && ctx === 'same' && (req.KeyId === undefined || req.KeyId === keyA || req.KeyId === 'alias/fuzz' || String(req.KeyId).endsWith(keyA));
      if (untouched) {
        // the only input that may decrypt: the blob as written, its context, and its own key
        expect(r.ok && Buffer.from(r.value.Plaintext as Uint8Array).equals(good.plaintext)).toBe(true);
        return 'decrypted';
      }
      expect(r.ok).toBe(false);
      const err = errorOf(r) as KmsError;
      expect(err).toBeInstanceOf(KmsError);
      expect(['InvalidCiphertextException', 'IncorrectKeyException', 'NotFoundException', 'ValidationException']).toContain(err.code);
      return err.code;
    });
  });
});
