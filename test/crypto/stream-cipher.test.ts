// The stream's three frame ciphers (stream-cipher.ts: node:crypto, the native addon on the main
// thread, and on the thread pool) give the same bytes, read each other's output, and write
// nothing of a frame whose tag fails; through file descriptors (in place) and Node streams.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collect } from '../support/collect.js';
import { frameGcm } from '../../src/crypto/frame-gcm.js';
import { decryptStream, encryptStream, frameCipherMode, StreamError, type FrameCipherMode, type StreamHeaderInfo } from '../../src/crypto/stream.js';

const MODES = ['js', 'sync', 'async'] as const satisfies readonly FrameCipherMode[];
const KEY = new Uint8Array(32).fill(3);
const info = (frameSize: number): StreamHeaderInfo => ({
  keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  wrappingAlgorithm: 'SYMMETRIC_DEFAULT',
  encryptedDataKey: new Uint8Array(40).fill(9),
  encryptionContext: {},
  frameSize,
});
/** The same message id every time, so that two runs give the same bytes. */
const MESSAGE_ID = randomBytes(32);

const scratch = mkdtempSync(join(tmpdir(), 'kms-stream-cipher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

async function* chunks(buf: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** `body` from a file holding `input` to a new file (blocking fds: the in-place path); the output and how `body` ended. */
async function viaFds(input: Uint8Array, body: (inFd: number, outFd: number) => Promise<unknown>): Promise<{ data: Buffer; error: unknown }> {
  const base = join(scratch, String(files++));
  writeFileSync(`${base}.in`, input);
  const inFd = openSync(`${base}.in`, 'r');
  const outFd = openSync(`${base}.out`, 'w');
  let error: unknown;
  await body(inFd, outFd).catch((e: unknown) => (error = e));
  closeSync(inFd);
  closeSync(outFd);
  return { data: readFileSync(`${base}.out`), error };
}

async function encrypt(pt: Uint8Array, frameSize: number, mode: FrameCipherMode, fds: boolean): Promise<Buffer> {
  const opts = { ...info(frameSize), dataKey: KEY, random: () => MESSAGE_ID, frameCipher: mode };
  if (fds) {
    const r = await viaFds(pt, (i, o) => encryptStream({ blockingFd: i }, { blockingFd: o }, opts));
    if (r.error) throw r.error;
    return r.data;
  }
  const out = new Collect();
  await encryptStream(chunks(pt), out, opts);
  return out.data;
}

async function decrypt(ct: Uint8Array, mode: FrameCipherMode, fds: boolean): Promise<{ data: Buffer; error: unknown }> {
  const opts = { unwrapDataKey: async () => KEY, frameCipher: mode };
  if (fds) return viaFds(ct, (i, o) => decryptStream({ blockingFd: i }, { blockingFd: o }, opts));
  const out = new Collect();
  const error = await decryptStream(chunks(ct, 777), out, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { data: out.data, error };
}

it('the native addon is built, so the native paths below are not node:crypto in disguise', () => {
  expect(frameGcm()).not.toBeNull();
  expect(MODES.map((m) => frameCipherMode(m))).toEqual(MODES);
});

describe('every cipher gives the same bytes, and reads every other one', () => {
  for (const frame of [256, 1000, 64 * 1024]) {
    const lengths = [0, 1, frame - 1, frame, frame + 1, 3 * frame, 4 * frame + 17];
    it(`frame size ${frame}: lengths ${lengths.join(', ')}`, async () => {
      let runs = 0;
      for (const n of lengths) {
        const pt = randomBytes(n);
        const reference = await encrypt(pt, frame, 'js', false);
        for (const mode of MODES) {
          for (const fds of [false, true]) {
            expect((await encrypt(pt, frame, mode, fds)).equals(reference), `${n} bytes, ${mode}, fds ${fds}`).toBe(true);
            const back = await decrypt(reference, mode, fds);
            expect(back.error).toBeUndefined();
            expect(back.data.equals(pt), `${n} bytes back, ${mode}, fds ${fds}`).toBe(true);
            runs++;
          }
        }
      }
      expect(runs).toBe(lengths.length * MODES.length * 2);
    });
  }
});

describe('a flipped bit in any frame: StreamError, and nothing of that frame out', () => {
  const FRAME = 256;
  const pt = randomBytes(4 * FRAME + 50); // four regular frames and a final one
  it('in the ciphertext, the tag, the flag or the final length of each frame, by every cipher', async () => {
    const ct = await encrypt(pt, FRAME, 'js', false);
    const regular = 1 + FRAME + 16;
    const body = ct.length - 4 * regular - (1 + 4 + 50 + 16);
    let runs = 0;
    for (let frame = 0; frame < 5; frame++) {
      const at = body + frame * regular;
      const last = frame === 4;
      // the flag, the first ciphertext byte, the last tag byte (and the final frame's length)
      const spots = [at, at + (last ? 5 : 1), last ? ct.length - 1 : at + regular - 1, ...(last ? [at + 4] : [])];
      for (const spot of spots) {
        const bad = Buffer.from(ct);
        bad[spot]! ^= 0x10;
        for (const mode of MODES) {
          for (const fds of [false, true]) {
            const r = await decrypt(bad, mode, fds);
            expect(r.error, `frame ${frame}, byte ${spot}, ${mode}`).toBeInstanceOf(StreamError);
            // exactly the frames before the damaged one: verified, and written
            expect(r.data.equals(pt.subarray(0, frame * FRAME)), `frame ${frame}, byte ${spot}, ${mode}, fds ${fds}: ${r.data.length} bytes out`).toBe(true);
            runs++;
          }
        }
      }
    }
    expect(runs).toBe((4 * 3 + 4) * MODES.length * 2);
  });
});
