// Streaming envelope encryption (docs/formats.md "Stream format"): encryptStream/decryptStream.
// Must not import the engine, the keyring or the CLI: the caller supplies the data key.

import {
  checkInfo,
  DATA_KEY_BYTES,
  damaged,
  deriveKeys,
  encodeHeader,
  headerLengthNeeded,
  MESSAGE_ID_BYTES,
  parseHeader as parseFull,
  StreamError,
  verifyHeader,
  WRONG_KEY,
  type ParsedHeader,
  type StreamHeaderInfo,
} from './stream-format.js';
import { frameCipher, HEAD, TAG_BYTES, type FrameCipherMode } from './stream-cipher.js';
import { FrameIO, type StreamInput, type StreamOutput } from './stream-io.js';

export { StreamError, MIN_FRAME_SIZE, MAX_FRAME_SIZE, WRAPPING_ALGORITHMS, type StreamHeaderInfo } from './stream-format.js';
export type { BlockingFd, StreamInput, StreamOutput } from './stream-io.js';
export { frameCipherMode, type FrameCipherMode } from './stream-cipher.js';
export { ARMOR_BEGIN, ARMOR_END, armorDecoder, armorEncoder } from './stream-armor.js';

/**
 * Chosen by measurement: encrypt / decrypt of 256 MiB through this core, best of 3, GB/s, on a
 * shared 2-core box (load 4-5, so ±30% noise; Node 20.20):
 *
 *   frame   in memory, 64 KiB chunks   in memory, 1 MiB chunks   pipe (cat | node | cat)
 *   64 KiB      1.18 / 1.35               1.35 / 1.22                0.27 / 0.26
 *   128 KiB     1.25 / 1.10               1.09 / 1.12                0.31 / 0.26
 *   256 KiB     1.27 / 1.76               1.27 / 1.66                0.32 / 0.32
 *   512 KiB     1.35 / 1.76               1.44 / 1.49                0.37 / 0.35
 *   1 MiB       1.37 / 1.57               1.75 / 1.79                0.31 / 0.35
 *
 * 512 KiB is best with pipe-sized (64 KiB) input chunks, which is what stdin gives; pipes are
 * bound by Node's stdin/stdout (a bare stdin.pipe(stdout) gave 0.27-0.47 on the same box).
 * On the blocking-fd path with 1 MiB pipes that came later (docs/crypto.md, "Stream I/O"),
 * 256 KiB, 512 KiB and 1 MiB frames measured alike: 0.99 / 1.06 / 0.98 GB/s through pipes.
 */
export const DEFAULT_FRAME_SIZE = 512 * 1024;

/**
 * The event loop gets a turn (Ctrl-C) at least this often, in input bytes. Nothing here asks for
 * a collection: the frame buffers are reused; the native cipher allocates nothing per frame, and
 * what node:crypto returns per piece is young garbage that V8 scavenges on its own (measured:
 * every ~16 MiB of it, external memory pressure).
 */
const TURN_BYTES = 16 * 1024 * 1024;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** The frame buffers in rotation: one being read, one in the cipher, one being written. */
const BUFFERS = 3;

/** Options both directions take. */
interface CipherOpts {
  /** Which frame cipher runs (stream-cipher.ts); all give the same bytes. Default `auto`. */
  frameCipher?: FrameCipherMode;
  onProgress?: (bytesIn: number) => void;
  /**
   * Called where the run yields (every TURN_BYTES, and before an end of input is sealed as the
   * final frame, `final` true); a rejection ends the run. The kms agent's caller may be gone
   * (Ctrl-C) without a signal reaching this process: this is where the run learns it.
   */
  checkpoint?: (final: boolean) => Promise<void>;
}

export async function encryptStream(
  input: StreamInput,
  output: StreamOutput,
  opts: StreamHeaderInfo & CipherOpts & { dataKey: Uint8Array; random: (n: number) => Uint8Array },
): Promise<{ bytesIn: number; bytesOut: number }> {
  checkInfo(opts);
  const messageId = opts.random(MESSAGE_ID_BYTES);
  if (messageId.length !== MESSAGE_ID_BYTES) throw new TypeError('stream: random() returned the wrong length');
  const keys = deriveKeys(opts.dataKey, messageId);
  const frames = frameCipher(keys.frameKey, messageId, true, opts.frameCipher);
  const size = opts.frameSize;
  const io = new FrameIO(input, output);
  const own = ownOutput(frames.inPlace && io.retainsOutput);
  // plaintext at HEAD, the tag after it: each frame is one read into place and one slice out
  const bufs = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafe(HEAD + size + TAG_BYTES));
  let at = 0;
  let bytesIn = 0;
  let sinceTurn = 0;
  /** The sealed frame before the current one, written while the current one is sealed. */
  let sealed: Uint8Array[] = [];

  try {
    let have = await io.exchange([encodeHeader(opts, messageId, keys)], bufs[0], HEAD, size);
    for (;;) {
      const cur = bufs[at]!;
      const next = bufs[(at + 1) % BUFFERS]!;
      // A full frame is sealed as regular only once a later byte proves it is not the last.
      const ahead = have === size ? await io.exchange([], next, HEAD, 1) : 0;
      const final = ahead === 0;
      sinceTurn += have;
      if (final || sinceTurn >= TURN_BYTES) {
        await turn(); // a pending Ctrl-C ends the run before an end of input is sealed as final
        await opts.checkpoint?.(final);
        sinceTurn = 0;
      }
      const sealing = frames.seal(cur, have, final); // on the thread pool, the main thread goes on below
      bytesIn += have;
      if (final) {
        await io.exchange([...sealed, ...(await sealing)]);
        break;
      }
      have = ahead + (await io.exchange(sealed, next, HEAD + ahead, size - ahead)); // write the last frame, read the next
      sealed = own(await sealing);
      at = (at + 1) % BUFFERS;
      opts.onProgress?.(bytesIn);
    }
    opts.onProgress?.(bytesIn);
    await io.settle();
    return { bytesIn, bytesOut: io.written };
  } finally {
    await frames.close(); // the buffers are ours again only once a call in flight is done
    await io.close();
  }
}

/** Copies views of the frame buffers where the writer keeps what it is given (a Node stream). */
const ownOutput = (copy: boolean) => (out: Uint8Array[]): Uint8Array[] => (copy ? out.map((b) => Buffer.from(b)) : out);

/** Reads and strictly parses the header (not yet authenticated: that needs the data key). */
async function readParsed(io: FrameIO): Promise<ParsedHeader> {
  let have = Buffer.alloc(0);
  for (;;) {
    const need = headerLengthNeeded(have);
    if (need <= have.length) return parseFull(have);
    const more = await io.read(need - have.length);
    if (more.length < need - have.length) throw damaged();
    have = Buffer.concat([have, more]);
  }
}

/** The header at the start of `input` (consumed); its fields are unauthenticated. */
export async function readHeader(input: StreamInput): Promise<StreamHeaderInfo> {
  return (await readParsed(new FrameIO(input))).info;
}

/** The header at the start of `buf`; its fields are unauthenticated. */
export function parseHeader(buf: Uint8Array): StreamHeaderInfo {
  return parseFull(buf).info;
}

/**
 * Reads the header, asks the caller for the data key (the caller checks key id and context
 * there), verifies commitment and header tag, then writes each frame's plaintext only after
 * that frame's tag verifies. Does not end `output`.
 */
export async function decryptStream(
  input: StreamInput,
  output: StreamOutput,
  opts: CipherOpts & { unwrapDataKey(header: StreamHeaderInfo): Promise<Uint8Array> },
): Promise<{ header: StreamHeaderInfo; bytesOut: number }> {
  const io = new FrameIO(input, output);
  try {
    return await decryptFrames(io, opts);
  } finally {
    await io.close(); // also stops reading a damaged or refused stream
  }
}

async function decryptFrames(io: FrameIO, opts: CipherOpts & { unwrapDataKey(header: StreamHeaderInfo): Promise<Uint8Array> }): Promise<{ header: StreamHeaderInfo; bytesOut: number }> {
  const parsed = await readParsed(io);
  const dataKey = await opts.unwrapDataKey(parsed.info);
  if (dataKey.length !== DATA_KEY_BYTES) throw new StreamError(WRONG_KEY);
  const keys = deriveKeys(dataKey, parsed.messageId);
  verifyHeader(parsed, keys); // commitment first, in constant time, then the header tag
  const frames = frameCipher(keys.frameKey, parsed.messageId, false, opts.frameCipher);
  const own = ownOutput(frames.inPlace && io.retainsOutput);
  const size = parsed.info.frameSize;
  const regular = 1 + size + TAG_BYTES; // flag, ciphertext, tag
  // a final frame is flag 1, u32 length, ciphertext, tag: at most 4 bytes longer than a regular one
  const bufs = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafe(regular + 4));
  let at = 0;
  let bytesOut = 0;
  let sinceTurn = 0;
  /** The verified plaintext of the frame before the current one, written while the current one is opened. */
  let verified: Uint8Array[] = [];
  try {
    let have = await io.exchange([], bufs[0], 0, regular);
    for (;;) {
      const cur = bufs[at]!;
      // `have` is short of `regular` only where the input ended
      let final = false;
      let start = 1;
      let end = regular;
      if (have > 0 && cur[0] === 1) {
        if (have < 5) throw damaged();
        const len = cur.readUInt32BE(1);
        if (len > size) throw damaged();
        final = true;
        start = 5;
        end = 5 + len + TAG_BYTES;
        if (have < end && !io.ended) have += await io.exchange([], cur, have, end - have);
        // shorter: truncated; longer: bytes after the final frame
        if (have !== end || (!io.ended && (await io.read(1)).length > 0)) throw damaged();
      } else if (have !== regular || cur[0] !== 0) throw damaged(); // also the end of input before the final frame
      const opening = frames.open(cur, start, end - TAG_BYTES - start, final); // throws unless the tag verifies
      if (final) {
        const last = await opening;
        await io.exchange([...verified, ...last]);
        verified = [];
        bytesOut += end - TAG_BYTES - start;
        break;
      }
      sinceTurn += end;
      if (sinceTurn >= TURN_BYTES) {
        await turn();
        await opts.checkpoint?.(false);
        sinceTurn = 0;
      }
      have = await io.exchange(verified, bufs[(at + 1) % BUFFERS], 0, regular); // write the last frame, read the next
      verified = [];
      verified = own(await opening); // the tag verified: this frame's plaintext may now be written
      bytesOut += end - TAG_BYTES - start;
      at = (at + 1) % BUFFERS;
      opts.onProgress?.(io.consumed);
    }
  } catch (err) {
    // the frames before the damage were authentic: out they go, as they would have one at a time
    if (err instanceof StreamError && verified.length > 0) await io.exchange(verified);
    throw err;
  } finally {
    await frames.close();
  }
  await io.settle();
  opts.onProgress?.(io.consumed);
  return { header: parsed.info, bytesOut };
}
