// Byte-exact reading from an async iterable and backpressured writing, for stream.ts.
// Must not import the engine, the keyring or the CLI.

type Chunk = Uint8Array | string;

/** Reads exact byte counts from any async iterable of chunks without copying whole chunks. */
export class ByteReader {
  private readonly it: AsyncIterator<Chunk>;
  private cur: Buffer = Buffer.alloc(0);
  private pos = 0;
  private done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(input: AsyncIterable<Chunk> | NodeJS.ReadableStream) {
    this.it = (input as AsyncIterable<Chunk>)[Symbol.asyncIterator]();
  }

  /** Makes bytes available; false at the end of the input. */
  private async fill(): Promise<boolean> {
    while (this.pos >= this.cur.length) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const v = r.value;
      this.cur = typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      this.pos = 0;
    }
    return true;
  }

  /**
   * Hands `n` bytes to `sink` as views of the input's chunks (valid until the next call);
   * returns the number delivered, which is less than `n` only at the end of the input.
   */
  async pipe(n: number, sink: (piece: Buffer) => void): Promise<number> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const take = Math.min(left, this.cur.length - this.pos);
      sink(this.cur.subarray(this.pos, this.pos + take));
      this.pos += take;
      left -= take;
    }
    this.consumed += n - left;
    return n - left;
  }

  /** Exactly `n` bytes (copied), or undefined if the input ends first. */
  async read(n: number): Promise<Buffer | undefined> {
    if (this.pos + n <= this.cur.length || ((await this.fill()) && this.pos + n <= this.cur.length)) {
      const out = this.cur.subarray(this.pos, this.pos + n);
      this.pos += n;
      this.consumed += n;
      return out;
    }
    const parts: Buffer[] = [];
    const got = await this.pipe(n, (p) => parts.push(p));
    return got === n ? Buffer.concat(parts, n) : undefined;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  /** Stops the source early (closes a file stream on error). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Writes with backpressure; a write error or a closed output rejects the pending wait. */
export class Sink {
  private failure: Error | undefined;
  private readonly onError = (e: Error): void => {
    this.failure ??= e;
    this.wake?.();
  };
  private wake: (() => void) | undefined;
  bytes = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', this.onError);
  }

  /** Writes `bufs` in order, as one writev where the output supports cork/uncork. */
  async writeAll(bufs: readonly Uint8Array[]): Promise<void> {
    if (bufs.length === 0) return;
    if (this.failure) throw this.failure;
    const w = this.out as NodeJS.WritableStream & { cork?: () => void; uncork?: () => void };
    let ok = true;
    if (typeof w.cork === 'function' && typeof w.uncork === 'function') {
      w.cork();
      for (const b of bufs) ok = this.out.write(b);
      w.uncork();
    } else ok = this.out.write(Buffer.concat(bufs));
    for (const b of bufs) this.bytes += b.length;
    if (!ok) await this.drain();
  }

  async write(buf: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.bytes += buf.length;
    if (this.out.write(buf)) return;
    await this.drain();
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

  /** After the last write: lets a pending write error surface, then rethrows it. */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  release(): void {
    this.out.removeListener('error', this.onError);
  }
}
