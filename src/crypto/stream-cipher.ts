// The stream format's frame cipher (docs/formats.md "Stream format", "Body") for stream.ts: the
// native addon in place (frame-gcm.ts), on the main thread or the thread pool, or node:crypto
// where the addon is not built. Must not import the engine, the keyring or the CLI.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { frameGcm, type FrameGcm, type FrameGcmContext } from './frame-gcm.js';
import { damaged, MESSAGE_ID_BYTES } from './stream-format.js';

export const TAG_BYTES = 16;
/**
 * Where an encrypted frame's plaintext starts in its buffer: room for the final frame's flag and
 * u32 length before it (a regular frame's flag goes at HEAD - 1), and for the tag after it, so
 * the sealed frame is one contiguous slice of the buffer.
 */
export const HEAD = 5;

/**
 * Which cipher runs the frames: `js` node:crypto, `sync` the addon on the main thread, `async`
 * the addon on the thread pool while the main thread reads the next frame and writes the last;
 * `auto` the addon's faster form where it is built, else `js`. Measured with test/bench/stream.mjs
 * (512 MiB, 3 rounds, 2 cores under load 4-5): kms/age per layout, encrypt and decrypt, was
 * 0.68-1.42x on the main thread and 0.42-1.42x on the pool (better only for file -> pipe
 * encrypt): with no idle core the hand-off costs more than the overlap gains, so `auto` is `sync`.
 */
export type FrameCipherMode = 'auto' | 'js' | 'sync' | 'async';

/** What `mode` comes to on this build: `js` where the addon is not there. */
export function frameCipherMode(mode: FrameCipherMode = 'auto'): Exclude<FrameCipherMode, 'auto'> {
  if (mode === 'js' || frameGcm() === null) return 'js';
  return mode === 'auto' ? 'sync' : mode;
}

/**
 * Seals and opens one stream's frames in order (frame i uses counter i). Each call may answer at
 * once or with a promise (the thread pool); until then the caller must not touch the buffer, nor
 * make another call. What a call returns is what goes out, and may be views of the buffer.
 */
export interface FrameCipher {
  /** Output that views the caller's buffers (copy it before a writer that keeps what it is given). */
  readonly inPlace: boolean;
  /** Seals buf[HEAD, HEAD+len): the whole frame on the wire, flag and tag included. */
  seal(buf: Buffer, len: number, final: boolean): Uint8Array[] | Promise<Uint8Array[]>;
  /** Opens the ciphertext buf[start, start+len) with its tag after it: the plaintext, or throws damaged(). */
  open(buf: Buffer, start: number, len: number, final: boolean): Uint8Array[] | Promise<Uint8Array[]>;
  /** Waits for a call in flight, then lets go of the key. */
  close(): Promise<void>;
}

export function frameCipher(key: Buffer, messageId: Uint8Array, encrypt: boolean, mode: FrameCipherMode = 'auto'): FrameCipher {
  const use = frameCipherMode(mode);
  if (use === 'js') return new JsFrames(key, messageId);
  return new NativeFrames(frameGcm()!, key, messageId, encrypt, use === 'async');
}

/** Writes the frame's flag (and a final frame's length) before its ciphertext; the slice that goes out. */
function frameSlice(buf: Buffer, len: number, final: boolean): Buffer {
  if (!final) {
    buf[HEAD - 1] = 0;
    return buf.subarray(HEAD - 1, HEAD + len + TAG_BYTES);
  }
  buf[0] = 1;
  buf.writeUInt32BE(len, 1);
  return buf.subarray(0, HEAD + len + TAG_BYTES);
}

class NativeFrames implements FrameCipher {
  readonly inPlace = true;
  private readonly ctx: FrameGcmContext;
  private counter = 0;
  private inFlight: Promise<unknown> | undefined;

  constructor(
    private readonly gcm: FrameGcm,
    key: Buffer,
    messageId: Uint8Array,
    encrypt: boolean,
    private readonly pool: boolean,
  ) {
    this.ctx = gcm.create(key, messageId, encrypt);
  }

  seal(buf: Buffer, len: number, final: boolean): Uint8Array[] | Promise<Uint8Array[]> {
    const n = this.counter++;
    if (!this.pool) {
      this.gcm.seal(this.ctx, n, final, buf, HEAD, len);
      return [frameSlice(buf, len, final)];
    }
    return this.track(this.gcm.sealAsync(this.ctx, n, final, buf, HEAD, len).then(() => [frameSlice(buf, len, final)]));
  }

  open(buf: Buffer, start: number, len: number, final: boolean): Uint8Array[] | Promise<Uint8Array[]> {
    const n = this.counter++;
    const verified = (ok: boolean): Uint8Array[] => {
      if (!ok) throw damaged();
      return [buf.subarray(start, start + len)];
    };
    if (!this.pool) return verified(this.gcm.open(this.ctx, n, final, buf, start, len));
    return this.track(this.gcm.openAsync(this.ctx, n, final, buf, start, len).then(verified));
  }

  /** A call in flight is awaited by close() even when the caller has stopped waiting for it. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight = p.catch(() => undefined); // also: a failure nobody awaits is not unhandled
    return p;
  }

  async close(): Promise<void> {
    await this.inFlight;
    this.gcm.close(this.ctx);
  }
}

/** Plaintext is fed to node:crypto in pieces of this size. */
const PIECE_BYTES = 64 * 1024;
/** The flag byte of a regular frame (never written to: shared by every frame). */
const REGULAR_FLAG = Buffer.from([0]);

/** node:crypto, one cipher object per frame: nonce = 0^32 || u64 counter, AAD = id || counter || flag. */
class JsFrames implements FrameCipher {
  readonly inPlace = false;
  private readonly iv = Buffer.alloc(12);
  private readonly aad = Buffer.alloc(MESSAGE_ID_BYTES + 9);
  private counter = 0;

  constructor(
    private readonly key: Buffer,
    messageId: Uint8Array,
  ) {
    this.aad.set(messageId, 0);
  }

  private params(final: boolean): void {
    const hi = Math.floor(this.counter / 2 ** 32);
    const lo = this.counter >>> 0;
    this.iv.writeUInt32BE(hi, 4);
    this.iv.writeUInt32BE(lo, 8);
    this.aad.writeUInt32BE(hi, MESSAGE_ID_BYTES);
    this.aad.writeUInt32BE(lo, MESSAGE_ID_BYTES + 4);
    this.aad[MESSAGE_ID_BYTES + 8] = final ? 1 : 0;
    this.counter++;
  }

  seal(buf: Buffer, len: number, final: boolean): Uint8Array[] {
    this.params(final);
    const c = createCipheriv('aes-256-gcm', this.key, this.iv).setAAD(this.aad);
    const out: Buffer[] = [];
    if (final) {
      const head = Buffer.alloc(5);
      head[0] = 1;
      head.writeUInt32BE(len, 1);
      out.push(head);
    } else out.push(REGULAR_FLAG);
    // measured: updating in 64 KiB pieces is ~1.5x faster than one large update (cache-hot output)
    for (let at = HEAD; at < HEAD + len; at += PIECE_BYTES) out.push(c.update(buf.subarray(at, Math.min(at + PIECE_BYTES, HEAD + len))));
    c.final();
    out.push(c.getAuthTag());
    return out;
  }

  open(buf: Buffer, start: number, len: number, final: boolean): Uint8Array[] {
    this.params(final);
    const d = createDecipheriv('aes-256-gcm', this.key, this.iv).setAAD(this.aad);
    const parts: Buffer[] = [];
    for (let at = start; at < start + len; at += PIECE_BYTES) parts.push(d.update(buf.subarray(at, Math.min(at + PIECE_BYTES, start + len))));
    d.setAuthTag(buf.subarray(start + len, start + len + TAG_BYTES));
    try {
      d.final();
    } catch {
      throw damaged();
    }
    return parts;
  }

  async close(): Promise<void> {}
}
