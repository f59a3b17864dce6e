// Stream format: round trips of every size class and tampering of every part of the stream, through
// both I/O paths: Node streams and async iterables, and blocking file descriptors (the CLI's pipes).
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Collect } from '../support/collect.js';
import {
  DEFAULT_FRAME_SIZE,
  decryptStream,
  encryptStream,
  MAX_FRAME_SIZE,
  MIN_FRAME_SIZE,
  parseHeader,
  readHeader,
  StreamError,
  type StreamHeaderInfo,
} from '../../src/crypto/stream.js';

const KEY = new Uint8Array(32).fill(7);
const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FRAME = 1024;
const info = (frameSize = FRAME): StreamHeaderInfo => ({
  keyId: ARN,
  wrappingAlgorithm: 'SYMMETRIC_DEFAULT',
  encryptedDataKey: new Uint8Array(120).fill(9),
  encryptionContext: { app: 'x', 'é': '1', b: '' },
  frameSize,
});

async function* chunks(buf: Uint8Array, size = 777): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function encrypt(pt: Uint8Array, frameSize = FRAME, chunk = 777, dataKey = KEY): Promise<Buffer> {
  const out = new Collect();
  await encryptStream(chunks(pt, chunk), out, { ...info(frameSize), dataKey, random: (n) => randomBytes(n) });
  return out.data;
}

async function decrypt(ct: Uint8Array, key = KEY, chunk = 1000): Promise<{ data: Buffer; header: StreamHeaderInfo }> {
  const out = new Collect();
  const r = await decryptStream(chunks(ct, chunk), out, { unwrapDataKey: async () => key });
  return { data: out.data, header: r.header };
}

const scratch = mkdtempSync(join(tmpdir(), 'kms-stream-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

/** Runs `body` with `input` in a file opened for reading and an empty output file; returns the output. */
async function throughFds(input: Uint8Array, body: (inFd: number, outFd: number) => Promise<unknown>): Promise<{ data: Buffer; result: Promise<unknown> }> {
  const base = join(scratch, String(files++));
  writeFileSync(`${base}.in`, input);
  const inFd = openSync(`${base}.in`, 'r');
  const outFd = openSync(`${base}.out`, 'w');
  const result = body(inFd, outFd);
  await result.catch(() => undefined);
  closeSync(inFd);
  closeSync(outFd);
  return { data: readFileSync(`${base}.out`), result };
}

async function encryptFd(pt: Uint8Array, frameSize = FRAME): Promise<Buffer> {
  return (await throughFds(pt, (fd, out) => encryptStream({ blockingFd: fd }, { blockingFd: out }, { ...info(frameSize), dataKey: KEY, random: (n) => randomBytes(n) }))).data;
}

async function decryptFd(ct: Uint8Array, key = KEY): Promise<{ data: Buffer; result: Promise<unknown> }> {
  return throughFds(ct, (fd, out) => decryptStream({ blockingFd: fd }, { blockingFd: out }, { unwrapDataKey: async () => key }));
}

/**
 * Decrypting must fail with StreamError and emit only verified whole frames (a prefix), through
 * async chunks and through file descriptors alike.
 */
async function expectFails(ct: Uint8Array, pt: Uint8Array, message = 'the stream is damaged or truncated'): Promise<void> {
  const out = new Collect();
  const p = decryptStream(chunks(ct, 500), out, { unwrapDataKey: async () => KEY });
  await expect(p).rejects.toThrow(StreamError);
  await expect(p).rejects.toThrow(message);
  const viaFd = await decryptFd(ct);
  await expect(viaFd.result).rejects.toThrow(StreamError);
  await expect(viaFd.result).rejects.toThrow(message);
  for (const got of [out.data, viaFd.data]) {
    expect(got.length % FRAME).toBe(0);
    expect(got.equals(Buffer.from(pt).subarray(0, got.length))).toBe(true);
  }
}

/** Header length of a stream of 5 regular frames and a 100-byte final frame. */
function headerLength(ct: Buffer): number {
  return ct.length - 5 * (1 + FRAME + 16) - (1 + 4 + 100 + 16);
}

describe('round trips', () => {
  const sizes = [0, 1, FRAME - 1, FRAME, FRAME + 1, 2 * FRAME, 5 * FRAME + 3, 10 * FRAME];
  for (const n of sizes) {
    it(`${n} bytes`, async () => {
      const pt = randomBytes(n);
      for (const chunk of [1, 333, FRAME, 4 * FRAME + 5]) {
        const ct = await encrypt(pt, FRAME, chunk);
        const { data, header } = await decrypt(ct, KEY, chunk === 1 ? 1 : 4096);
        expect(data.equals(pt)).toBe(true);
        expect(header).toEqual(info());
      }
    });
  }

  it('through file descriptors: every size, both ways, and across the two paths', async () => {
    for (const n of sizes) {
      const pt = randomBytes(n);
      const viaFd = await encryptFd(pt);
      expect(viaFd.length).toBe((await encrypt(pt)).length); // same layout as the stream path
      const back = await decryptFd(viaFd);
      await back.result;
      expect(back.data.equals(pt), `${n} bytes`).toBe(true);
      expect((await decrypt(viaFd)).data.equals(pt)).toBe(true); // fd-encrypted, chunk-decrypted
      expect((await decryptFd(await encrypt(pt))).data.equals(pt)).toBe(true); // and the other way
    }
  });

  it('a file descriptor on one side and a Node stream on the other', async () => {
    const pt = randomBytes(7 * FRAME + 11);
    const out = new Collect();
    const inFile = join(scratch, 'mixed.in');
    writeFileSync(inFile, pt);
    const fd = openSync(inFile, 'r');
    try {
      await encryptStream({ blockingFd: fd }, out, { ...info(), dataKey: KEY, random: (n) => randomBytes(n) });
    } finally {
      closeSync(fd);
    }
    const { data, result } = await throughFds(new Uint8Array(0), (_emptyIn, outFd) => decryptStream(chunks(out.data, 999), { blockingFd: outFd }, { unwrapDataKey: async () => KEY }));
    await result;
    expect(data.equals(pt)).toBe(true);
  });

  it('random sizes and frame sizes', async () => {
    for (let i = 0; i < 30; i++) {
      const frame = MIN_FRAME_SIZE + Math.floor(Math.random() * 4000);
      const pt = randomBytes(Math.floor(Math.random() * 20_000));
      const out = new Collect();
      const r = await encryptStream(chunks(pt, 1 + Math.floor(Math.random() * 9000)), out, {
        ...info(frame),
        dataKey: KEY,
        random: (n) => randomBytes(n),
      });
      expect(r.bytesIn).toBe(pt.length);
      expect(r.bytesOut).toBe(out.data.length);
      expect((await decrypt(out.data, KEY, 1 + Math.floor(Math.random() * 9000))).data.equals(pt)).toBe(true);
    }
  });

  it('works through Node streams with backpressure and reports progress', async () => {
    const pt = randomBytes(3 * 1024 * 1024 + 17);
    const src = new PassThrough();
    const mid = new PassThrough({ highWaterMark: 1024 });
    const seen: number[] = [];
    const enc = encryptStream(src, mid, { ...info(DEFAULT_FRAME_SIZE), dataKey: KEY, random: (n) => randomBytes(n), onProgress: (n) => seen.push(n) });
    const out = new Collect();
    const dec = decryptStream(mid, out, { unwrapDataKey: async () => KEY });
    src.end(pt);
    await enc;
    mid.end();
    const r = await dec;
    expect(out.data.equals(pt)).toBe(true);
    expect(r.bytesOut).toBe(pt.length);
    expect(seen.at(-1)).toBe(pt.length);
  });

  it('the header is readable without the key and shows every field', async () => {
    const ct = await encrypt(randomBytes(10));
    expect(parseHeader(ct)).toEqual(info());
    expect(await readHeader(chunks(ct, 3))).toEqual(info());
    expect(ct.subarray(0, 8).toString('latin1')).toBe('KMSSTRM\x01');
  });

  it('exports sane frame-size limits and rejects bad options', async () => {
    expect(MIN_FRAME_SIZE).toBeLessThanOrEqual(64 * 1024);
    expect(DEFAULT_FRAME_SIZE).toBeGreaterThanOrEqual(64 * 1024);
    expect(DEFAULT_FRAME_SIZE).toBeLessThanOrEqual(Math.min(MAX_FRAME_SIZE, 1024 * 1024));
    await expect(encrypt(randomBytes(1), MIN_FRAME_SIZE - 1)).rejects.toThrow(TypeError);
    await expect(encrypt(randomBytes(1), FRAME, 7, new Uint8Array(16))).rejects.toThrow(TypeError);
  });
});

describe('tampering', () => {
  const pt = randomBytes(5 * FRAME + 100); // 5 regular frames and a final one
  const FRAME_WIRE = 1 + FRAME + 16;

  it('every header byte flipped fails', async () => {
    const ct = await encrypt(pt);
    const h = headerLength(ct);
    expect(parseHeader(ct).frameSize).toBe(FRAME);
    for (let i = 0; i < h; i++) {
      const bad = Buffer.from(ct);
      bad[i]! ^= 0x01;
      const out = new Collect();
      const p = decryptStream(chunks(bad, 4096), out, { unwrapDataKey: async () => KEY });
      await expect(p, `header byte ${i}`).rejects.toThrow(StreamError);
      expect(out.data.length, `header byte ${i}`).toBe(0);
    }
  });

  it('a flipped bit in every frame, and in the final frame length, fails', async () => {
    const ct = await encrypt(pt);
    const h = headerLength(ct);
    for (let f = 0; f <= 5; f++) {
      for (const off of [0, 1, FRAME - 1 + 1, FRAME + 1]) {
        const bad = Buffer.from(ct);
        const at = h + f * FRAME_WIRE + off;
        if (at >= bad.length) continue;
        bad[at]! ^= 0x80;
        await expectFails(bad, pt);
      }
    }
  });

  it('a dropped, reordered or duplicated frame fails', async () => {
    const ct = await encrypt(pt);
    const h = headerLength(ct);
    const fr = (i: number) => ct.subarray(h + i * FRAME_WIRE, h + (i + 1) * FRAME_WIRE);
    const tail = ct.subarray(h + 5 * FRAME_WIRE);
    const head = ct.subarray(0, h);
    const build = (order: number[]) => Buffer.concat([head, ...order.map(fr), tail]);
    expect(build([0, 1, 2, 3, 4]).equals(ct)).toBe(true);
    await expectFails(build([0, 1, 3, 4]), pt); // dropped
    await expectFails(build([0, 2, 1, 3, 4]), pt); // reordered
    await expectFails(build([0, 1, 1, 2, 3, 4]), pt); // duplicated
    await expectFails(Buffer.concat([head, fr(0), fr(1), fr(2), fr(3), fr(4)]), pt); // final dropped
    await expectFails(Buffer.concat([build([0, 1, 2, 3, 4]), tail]), pt); // final duplicated
  });

  it('truncation at every frame boundary and mid-frame fails', async () => {
    const ct = await encrypt(pt);
    const h = headerLength(ct);
    const cuts = [0, 1, h - 1, h];
    for (let f = 0; f <= 5; f++) cuts.push(h + f * FRAME_WIRE, h + f * FRAME_WIRE + 1, h + f * FRAME_WIRE + 500);
    cuts.push(ct.length - 1, ct.length - 16);
    for (const cut of cuts.filter((c) => c < ct.length)) await expectFails(ct.subarray(0, cut), pt);
  });

  it('trailing garbage after the final frame fails', async () => {
    const ct = await encrypt(pt);
    await expectFails(Buffer.concat([ct, Buffer.from([0])]), pt);
    await expectFails(Buffer.concat([ct, ct]), pt);
  });

  it('a header from another message spliced onto this body fails', async () => {
    const a = await encrypt(pt);
    const b = await encrypt(pt);
    const h = headerLength(a);
    await expectFails(Buffer.concat([b.subarray(0, h), a.subarray(h)]), pt);
  });

  it('the wrong data key is the commitment error, before any frame', async () => {
    const ct = await encrypt(pt);
    const out = new Collect();
    const p = decryptStream(chunks(ct), out, { unwrapDataKey: async () => new Uint8Array(32).fill(8) });
    await expect(p).rejects.toThrow(new StreamError('the stream was not encrypted under this key'));
    expect(out.data.length).toBe(0);
  });

  it('an empty stream and a foreign file fail', async () => {
    await expectFails(new Uint8Array(0), pt);
    await expectFails(Buffer.from('-----BEGIN KMS ENCRYPTED STREAM-----\n'), pt);
  });
});

describe('I/O failures', () => {
  it('a failing output (EPIPE) rejects encrypt and decrypt instead of hanging', async () => {
    const failing = () =>
      new Writable({
        highWaterMark: 16,
        write(_c, _e, cb) {
          cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        },
      });
    const pt = randomBytes(300_000);
    await expect(encryptStream(chunks(pt), failing(), { ...info(), dataKey: KEY, random: (n) => randomBytes(n) })).rejects.toThrow('EPIPE');
    const ct = await encrypt(pt);
    await expect(decryptStream(chunks(ct), failing(), { unwrapDataKey: async () => KEY })).rejects.toThrow('EPIPE');
  });

  it('an input error and an unwrapDataKey error pass through unchanged', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('read EIO');
    }
    await expect(encryptStream(broken(), new Collect(), { ...info(), dataKey: KEY, random: (n) => randomBytes(n) })).rejects.toThrow('read EIO');
    const ct = await encrypt(randomBytes(10));
    const refused = new Error('InvalidCiphertextException');
    await expect(decryptStream(chunks(ct), new Collect(), { unwrapDataKey: async () => Promise.reject(refused) })).rejects.toBe(refused);
  });
});

describe('constant memory', () => {
  /** A slow output that records the most bytes ever queued in it. */
  class Slow extends Writable {
    peak = 0;
    chunks: Buffer[] = [];
    constructor() {
      super({ highWaterMark: 64 * 1024 });
    }
    override _write(c: Buffer, _e: BufferEncoding, cb: () => void): void {
      this.peak = Math.max(this.peak, this.writableLength);
      this.chunks.push(c);
      setImmediate(cb);
    }
  }

  it('one 16 MiB input chunk is written in bounded batches, both ways', async () => {
    const pt = randomBytes(16 * 1024 * 1024);
    const enc = new Slow();
    await encryptStream(chunks(pt, pt.length), enc, { ...info(DEFAULT_FRAME_SIZE), dataKey: KEY, random: (n) => randomBytes(n) });
    expect(enc.peak).toBeLessThan(2 * 1024 * 1024 + DEFAULT_FRAME_SIZE);
    const dec = new Slow();
    await decryptStream(chunks(Buffer.concat(enc.chunks), 64 * 1024 * 1024), dec, { unwrapDataKey: async () => KEY });
    expect(dec.peak).toBeLessThan(2 * 1024 * 1024 + DEFAULT_FRAME_SIZE);
    expect(Buffer.concat(dec.chunks).equals(pt)).toBe(true);
  });
});
