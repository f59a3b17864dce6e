// Fuzzing the stream format where test/crypto/stream-fuzz.test.ts does not reach: the armor decoder
// (strict, canonical text only), header round trips with hostile encryption contexts, the canonical
// context parser, and the incremental header reader against the one-shot parser.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARMOR_BEGIN, ARMOR_END, armorDecoder, armorEncoder, parseHeader, readHeader, StreamError } from '../../src/crypto/stream.js';
import { deriveKeys, encodeHeader, MAX_FRAME_SIZE, MIN_FRAME_SIZE, WRAPPING_ALGORITHMS, type StreamHeaderInfo } from '../../src/crypto/stream-format.js';
import { canonicalContext } from '../../src/crypto/symmetric.js';
import { Collect } from '../support/collect.js';
import { chunked, fuzz, hostileKey, hostileString, junkBytes, mutatedBytes, mutatedText, outcome, outcomeAsync } from './support.js';

async function dearmor(text: Uint8Array, cuts: number[]) {
  return outcomeAsync(async () => {
    const out = new Collect();
    await pipeline(Readable.from(chunked(text, cuts).map((c) => Buffer.from(c))), armorDecoder(), out);
    return out.data;
  }, [StreamError]);
}

async function armor(bin: Uint8Array): Promise<string> {
  // the encoder as the CLI runs it, to hold it to canonicalArmor
  const out = new Collect();
  await pipeline(Readable.from([Buffer.from(bin)]), armorEncoder(), out);
  return out.data.toString('latin1');
}

const cuts = fc.array(fc.nat(), { maxLength: 6 });
const armorTokens = fc.oneof(
  fc.constantFrom('\n', '\r\n', '=', '==', '-----', ARMOR_BEGIN, ARMOR_END, ' ', 'A', '/', '+', '\u00ff', 'AAAA', `${ARMOR_END}\n`, 'x'.repeat(200)),
  fc.string({ unit: 'binary-ascii', maxLength: 6 }),
);

/** The canonical armor of `bin`, built by hand: what armorEncoder must write and all the decoder takes. */
function canonicalArmor(bin: Uint8Array): string {
  const b64 = Buffer.from(bin).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `${[ARMOR_BEGIN, ...lines, ARMOR_END].join('\n')}\n`;
}

describe('armor decoder', () => {
  it('accepts only canonical armor: what it decodes re-armors to the same text; the rest is StreamError', async () => {
    const input = fc.uint8Array({ maxLength: 400 }).chain((bin) => fc.tuple(fc.constant(bin), fc.option(mutatedText(canonicalArmor(bin), armorTokens), { nil: undefined, freq: 4 }), cuts));
    await fuzz('armor: mutations of valid armor', 300, input, async ([bin, edited, c]) => {
      const good = canonicalArmor(bin);
      expect(await armor(bin)).toBe(good);
      const text = edited ?? (c.length % 2 === 0 ? good : good.slice(0, -1)); // the final LF is optional
      const r = await dearmor(Buffer.from(text, 'latin1'), c);
      if (!r.ok) return 'refused';
      // an edit that still decodes must have produced the canonical armor of what it decodes to
      expect([text, `${text}\n`]).toContain(canonicalArmor(r.value));
      if (text === good || `${text}\n` === good) expect(r.value.equals(bin)).toBe(true);
      return 'decoded';
    });
  });

  it('junk text and bytes are StreamError, whatever the chunking', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s, 'latin1')),
      fc.array(armorTokens, { maxLength: 30 }).map((t) => Buffer.from(t.join(''), 'latin1')),
      fc.array(armorTokens, { maxLength: 20 }).map((t) => Buffer.from(`${ARMOR_BEGIN}\n${t.join('')}`, 'latin1')),
      junkBytes(300).map((b) => Buffer.from(b)),
    );
    await fuzz('armor: junk', 300, fc.tuple(text, cuts), async ([t, c]) => {
      const r = await dearmor(t, c);
      if (r.ok) expect([t.toString('latin1'), `${t.toString('latin1')}\n`]).toContain(canonicalArmor(r.value));
      return r.ok ? 'decoded' : 'refused';
    });
  });
});

const contextArb = fc.dictionary(fc.oneof(hostileKey, fc.string({ unit: 'grapheme', maxLength: 6 })), hostileString, { maxKeys: 5, noNullPrototype: true });
const infoArb: fc.Arbitrary<StreamHeaderInfo> = fc.record({
  keyId: fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.constant('k'.repeat(2048))),
  wrappingAlgorithm: fc.constantFrom(...WRAPPING_ALGORITHMS),
  encryptedDataKey: fc.uint8Array({ minLength: 1, maxLength: 300 }),
  encryptionContext: contextArb,
  frameSize: fc.oneof(fc.integer({ min: MIN_FRAME_SIZE, max: MAX_FRAME_SIZE }), fc.constantFrom(MIN_FRAME_SIZE, MAX_FRAME_SIZE)),
});

function header(info: StreamHeaderInfo): Buffer {
  const messageId = randomBytes(32);
  return encodeHeader(info, messageId, deriveKeys(randomBytes(32), messageId));
}

// UTF-8 cannot carry a lone surrogate: the header holds U+FFFD for it, as every encoder here writes it
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
const entries = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => [wellFormed(k), wellFormed(v)])
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a!), Buffer.from(b!)));

describe('stream header', () => {
  it('round-trips any key id, algorithm, data key, frame size and encryption context (hostile keys included)', async () => {
    await fuzz('stream header: round trip', 400, infoArb, (info) => {
      if (Buffer.byteLength(info.keyId) > 2048) return;
      const h = header(info);
      const parsed = parseHeader(Buffer.concat([h, randomBytes(5)]));
      expect(parsed.keyId).toBe(wellFormed(info.keyId));
      expect(parsed.wrappingAlgorithm).toBe(info.wrappingAlgorithm);
      expect(Buffer.from(parsed.encryptedDataKey).equals(Buffer.from(info.encryptedDataKey))).toBe(true);
      expect(parsed.frameSize).toBe(info.frameSize);
      // own keys only: a "__proto__" entry is an entry, never the object's prototype
      expect(Object.getPrototypeOf(parsed.encryptionContext)).toBe(Object.prototype);
      expect(entries(parsed.encryptionContext)).toEqual(entries(info.encryptionContext));
    });
  });

  it('a context area of any well-framed bytes parses only in canonical form (sorted, unique, UTF-8)', async () => {
    const field = fc.oneof(fc.uint8Array({ maxLength: 12 }), hostileKey.map((k) => new Uint8Array(Buffer.from(k))));
    const area = fc.array(field, { maxLength: 8 }).map((fs) => Buffer.concat(fs.flatMap((f) => [Buffer.from([f.length >> 8, f.length & 255]), Buffer.from(f)])));
    const base = header({ keyId: 'k', wrappingAlgorithm: 'SYMMETRIC_DEFAULT', encryptedDataKey: new Uint8Array(4), encryptionContext: {}, frameSize: 4096 });
    const at = 8 + 2 + 1 + 1 + 2 + 4; // magic+version, id length, id "k", algorithm, edk length, edk
    await fuzz('stream header: context area', 800, fc.tuple(area, fc.boolean()), ([ctx, oddLength]) => {
      const len = oddLength ? ctx.length + 1 : ctx.length;
      if (len > 0xffff) return;
      const h = Buffer.concat([base.subarray(0, at), Buffer.from([len >> 8, len & 255]), ctx, base.subarray(at + 2)]);
      const r = outcome(() => parseHeader(h), [StreamError]);
      if (!r.ok) return 'refused';
      expect(oddLength).toBe(false);
      expect(Buffer.from(canonicalContext(r.value.encryptionContext)).equals(ctx)).toBe(true);
      return 'parsed';
    });
  });

  it('the incremental reader agrees with the one-shot parser on edited headers, in any chunking', async () => {
    const input = infoArb
      .filter((i) => Buffer.byteLength(i.keyId) <= 2048)
      .chain((info) => fc.tuple(mutatedBytes(header(info)), cuts));
    await fuzz('stream header: reader vs parser', 400, input, async ([h, c]) => {
      const once = outcome(() => parseHeader(h), [StreamError]);
      const incremental = await outcomeAsync(async () => {
        const chunks = chunked(h, c);
        return readHeader((async function* () {
          yield* chunks;
        })());
      }, [StreamError]);
      expect(incremental.ok).toBe(once.ok);
      if (once.ok && incremental.ok) expect(incremental.value).toEqual(once.value);
      return once.ok ? 'parsed' : 'refused';
    });
  });
});
