// Byte sources and sinks for stream.ts: blocking file descriptors (the fast path) or Node streams
// and async iterables (everything else), behind one `exchange` that moves a frame's output out
// while the next frame's input comes in. Must not import the engine, the keyring or the CLI.

import { fstatSync, readSync, writevSync, writeSync } from 'node:fs';

type Chunk = Uint8Array | string;

/** What stream.ts reads from: a Node readable, an async iterable of chunks, or a blocking fd. */
export type StreamInput = AsyncIterable<Chunk> | NodeJS.ReadableStream | BlockingFd;
/** What stream.ts writes to: a Node writable or a blocking fd. */
export type StreamOutput = NodeJS.WritableStream | BlockingFd;
/**
 * An open file descriptor in blocking mode: a regular file, a character device, or a pipe the
 * caller opened itself (never one Node has made non-blocking: EAGAIN is not retried). The caller
 * keeps ownership and closes it. (Not `fd`: Node's process.stdin and stdout carry an `fd` too.)
 */
export interface BlockingFd {
  blockingFd: number;
}

const isFd = (x: object): x is BlockingFd => typeof (x as BlockingFd).blockingFd === 'number';

/**
 * Sync fd I/O moves at most this much per system call before turning to the other side, so the
 * process feeding kms and the one reading from it both keep running. Measured with 1 GiB through
 * `head | kms | dd` against 64 KiB and 256 KiB steps: 128 KiB was as fast or faster with both
 * default (64 KiB) and enlarged (1 MiB) pipe buffers.
 */
const STEP_BYTES = 128 * 1024;

interface Source {
  /** read() answers at once (a blocking fd), not with a promise */
  readonly sync: boolean;
  /** A pipe (or anything that is not a regular file or device): the step-by-step exchange pays off. */
  readonly pipe?: boolean;
  /** Up to `len` bytes into `into` at `off`; 0 only at the end of the input. */
  read(into: Buffer, off: number, len: number): number | Promise<number>;
  close(): Promise<void>;
}

interface Sink {
  readonly pipe?: boolean;
  /** Part of `buf` (at least one byte): how much went out. Sync sinks only. */
  writeSome?(buf: Uint8Array, off: number, len: number): number;
  writeAll(bufs: readonly Uint8Array[]): Promise<void>;
  settle(): Promise<void>;
  release(): void;
}

/**
 * One stream's input and output. `exchange` writes a frame's output in full and reads the next
 * frame's input; with fds on both sides it alternates the two a step at a time (a pipe holds
 * only 64 KiB by default, so doing one whole side first stalls the process on the other side).
 */
export class FrameIO {
  private readonly source: Source;
  private readonly sink: Sink | undefined;
  /** Bytes read so far. */
  consumed = 0;
  /** Bytes written so far. */
  written = 0;
  /** True once a read has met the end of the input. */
  ended = false;
  /**
   * The output keeps the buffers it is given past `exchange` (a Node stream queues them), so a
   * caller that reuses its buffers must hand it copies. Blocking fds are done with them at once.
   */
  readonly retainsOutput: boolean;

  constructor(input: StreamInput, output?: StreamOutput) {
    this.source = isFd(input) ? fdSource(input.blockingFd) : new IterableSource(input);
    this.sink = output === undefined ? undefined : isFd(output) ? fdSink(output.blockingFd) : new StreamSink(output);
    this.retainsOutput = this.sink instanceof StreamSink;
  }

  /**
   * Writes `out` in full, then (or meanwhile) reads into `into` from `off` until `want` bytes came
   * or the input ended. Returns how many bytes were read.
   */
  async exchange(out: readonly Uint8Array[], into?: Buffer, off = 0, want = 0): Promise<number> {
    const sink = this.sink;
    let got = 0;
    if (this.source.sync && sink?.writeSome && out.length > 0 && (this.source.pipe || sink.pipe)) {
      // both sides are blocking fds and one is a pipe: a step of output, a step of input, and so on
      let i = 0;
      let at = 0;
      while (i < out.length || (got < want && !this.ended)) {
        if (i < out.length) {
          const b = out[i]!;
          if (b.length > at) {
            const n = sink.writeSome(b, at, Math.min(STEP_BYTES, b.length - at));
            at += n;
            this.written += n;
          }
          if (at >= b.length) (i++, (at = 0));
        }
        if (got < want && !this.ended) got += this.readStep(into!, off + got, Math.min(STEP_BYTES, want - got)) as number;
      }
      return got;
    }
    if (out.length > 0) {
      if (!sink) throw new TypeError('stream: no output to write to');
      await sink.writeAll(out);
      for (const b of out) this.written += b.length;
    }
    while (got < want && !this.ended) got += await this.readStep(into!, off + got, want - got);
    return got;
  }

  /** Exactly `n` bytes, or fewer only when the input ends first. */
  async read(n: number): Promise<Buffer> {
    const buf = Buffer.alloc(n);
    const got = await this.exchange([], buf, 0, n);
    return got === n ? buf : buf.subarray(0, got);
  }

  private readStep(into: Buffer, off: number, len: number): number | Promise<number> {
    const r = this.source.read(into, off, len);
    const count = (n: number): number => {
      if (n === 0) this.ended = true;
      this.consumed += n;
      return n;
    };
    return typeof r === 'number' ? count(r) : r.then(count);
  }

  /** After the last write: lets a pending write error surface, then rethrows it. */
  async settle(): Promise<void> {
    await this.sink?.settle();
  }

  /** Detaches from the output and stops the input early (closes a file stream on error). */
  async close(): Promise<void> {
    this.sink?.release();
    await this.source.close();
  }
}

/** Not a regular file or a device: a pipe or a socket, where stepping between the two sides helps. */
function isPipe(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return !st.isFile() && !st.isCharacterDevice() && !st.isBlockDevice();
  } catch {
    return true;
  }
}

function fdSource(fd: number): Source {
  return { sync: true, pipe: isPipe(fd), read: (into, off, len) => readSync(fd, into, off, len, null), close: async () => undefined };
}

/** At most this many buffers per writev (Linux's IOV_MAX is 1024). */
const IOV_BATCH = 64;

function fdSink(fd: number): Sink {
  const writeSome = (buf: Uint8Array, off: number, len: number): number => writeSync(fd, buf, off, len);
  return {
    pipe: isPipe(fd),
    writeSome,
    // one writev per frame (flag, ciphertext pieces, tag): a system call per frame, not per piece
    async writeAll(bufs) {
      for (let i = 0; i < bufs.length; ) {
        let n = writevSync(fd, bufs.slice(i, i + IOV_BATCH) as NodeJS.ArrayBufferView[]);
        while (i < bufs.length && n >= bufs[i]!.length) n -= bufs[i++]!.length;
        if (n > 0) {
          // a short write stopped inside this buffer: finish it, then go on with the next
          const b = bufs[i++]!;
          for (let at = n; at < b.length; ) at += writeSome(b, at, b.length - at);
        }
      }
    },
    settle: async () => undefined,
    release: () => undefined,
  };
}

/** Copies from any async iterable of chunks into the caller's buffers. */
class IterableSource implements Source {
  readonly sync = false;
  private readonly it: AsyncIterator<Chunk>;
  private cur: Buffer = Buffer.alloc(0);
  private pos = 0;
  private done = false;

  constructor(input: AsyncIterable<Chunk> | NodeJS.ReadableStream) {
    this.it = (input as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
  }

  async read(into: Buffer, off: number, len: number): Promise<number> {
    while (this.pos >= this.cur.length) {
      if (this.done) return 0;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return 0;
      }
      const v = r.value;
      this.cur = typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      this.pos = 0;
    }
    const n = Math.min(len, this.cur.length - this.pos);
    this.cur.copy(into, off, this.pos, this.pos + n);
    this.pos += n;
    return n;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Writes with backpressure; a write error or a closed output rejects the pending wait. */
class StreamSink implements Sink {
  private failure: Error | undefined;
  private readonly onError = (e: Error): void => {
    this.failure ??= e;
    this.wake?.();
  };
  private wake: (() => void) | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', this.onError);
  }

  /** Writes `bufs` in order, as one writev where the output supports cork/uncork. */
  async writeAll(bufs: readonly Uint8Array[]): Promise<void> {
    if (this.failure) throw this.failure;
    const w = this.out as NodeJS.WritableStream & { cork?: () => void; uncork?: () => void };
    let ok = true;
    if (typeof w.cork === 'function' && typeof w.uncork === 'function') {
      w.cork();
      for (const b of bufs) ok = this.out.write(b);
      w.uncork();
    } else ok = this.out.write(Buffer.concat(bufs));
    if (!ok) await this.drain();
  }

  private async drain(): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.removeListener('drain', done);
        this.out.removeListener('close', done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    if (this.failure) throw this.failure;
  }

  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  release(): void {
    this.out.removeListener('error', this.onError);
  }
}
