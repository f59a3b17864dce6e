// Fuzzing the stream header and frame parser with fast-check: only StreamError, never a crash.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Collect } from '../support/collect.js';
import { decryptStream, encryptStream, parseHeader, StreamError } from '../../src/crypto/stream.js';

const KEY = new Uint8Array(32).fill(3);
const FRAME = 256;

async function* once(buf: Uint8Array): AsyncGenerator<Uint8Array> {
  yield buf;
}

async function sample(n: number): Promise<{ pt: Buffer; ct: Buffer }> {
  const pt = randomBytes(n);
  const out = new Collect();
  await encryptStream(once(pt), out, {
    keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
    encryptedDataKey: randomBytes(256),
    encryptionContext: { purpose: 'fuzz', a: 'b' },
    frameSize: FRAME,
    dataKey: KEY,
    random: (k) => randomBytes(k),
  });
  return { pt, ct: out.data };
}

/** Decrypts; returns 'ok' with the plaintext, or 'StreamError'; anything else is rethrown. */
async function attempt(ct: Uint8Array): Promise<{ result: 'ok' | 'StreamError'; out: Buffer }> {
  const out = new Collect();
  try {
    await decryptStream(once(ct), out, { unwrapDataKey: async () => KEY });
    return { result: 'ok', out: out.data };
  } catch (e) {
    if (e instanceof StreamError) return { result: 'StreamError', out: out.data };
    throw e;
  }
}

describe('fuzz (fast-check)', () => {
  it('2,000 random mutations of a valid stream: StreamError or the original plaintext', async () => {
    const { pt, ct } = await sample(3 * FRAME + 50);
    let runs = 0;
    const mutation = fc.record({
      kind: fc.constantFrom('flip', 'set', 'cut', 'insert', 'delete'),
      at: fc.nat({ max: ct.length - 1 }),
      bit: fc.integer({ min: 0, max: 7 }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        runs++;
        let b = Buffer.from(ct);
        for (const m of ms) {
          const at = Math.min(m.at, Math.max(0, b.length - 1));
          if (m.kind === 'flip' && b.length > 0) b[at]! ^= 1 << m.bit;
          else if (m.kind === 'set') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at + m.bytes.length)]);
          else if (m.kind === 'cut') b = b.subarray(0, at);
          else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
          else b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.bytes.length)]);
        }
        const r = await attempt(b);
        if (r.result === 'ok') expect(r.out.equals(pt)).toBe(true); // a no-op mutation
        else expect(r.out.equals(pt.subarray(0, r.out.length))).toBe(true); // verified frames only
        if (!b.equals(ct)) expect(r.result).toBe('StreamError');
      }),
      { numRuns: 2000 },
    );
    expect(runs).toBe(2000);
  });

  it('1,000 random byte strings (some with a valid magic) only ever give StreamError', async () => {
    let runs = 0;
    const magic = Buffer.from('KMSSTRM\x01', 'latin1');
    const input = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 600 }));
    await fc.assert(
      fc.asyncProperty(input, async ([withMagic, bytes]) => {
        runs++;
        const b = withMagic ? Buffer.concat([magic, bytes]) : Buffer.from(bytes);
        expect(() => parseHeader(b)).toThrow(StreamError);
        const r = await attempt(b);
        expect(r.result).toBe('StreamError');
        expect(r.out.length).toBe(0);
      }),
      { numRuns: 1000 },
    );
    expect(runs).toBe(1000);
  });

  it('1,000 headers with random but well-formed length fields only ever give StreamError', async () => {
    let runs = 0;
    const field = (max: number) => fc.uint8Array({ maxLength: max });
    const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
    const gen = fc.record({ id: field(80), alg: fc.nat({ max: 5 }), edk: field(80), ctx: field(60), tail: field(120) });
    await fc.assert(
      fc.asyncProperty(gen, async (h) => {
        runs++;
        const b = Buffer.concat([
          Buffer.from('KMSSTRM\x01', 'latin1'),
          u16(h.id.length),
          h.id,
          Buffer.from([h.alg]),
          u16(h.edk.length),
          h.edk,
          u16(h.ctx.length),
          h.ctx,
          h.tail,
        ]);
        expect((await attempt(b)).result).toBe('StreamError');
      }),
      { numRuns: 1000 },
    );
    expect(runs).toBe(1000);
  });
});
