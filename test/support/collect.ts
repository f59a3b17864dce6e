// A Writable that keeps everything written to it: the stream tests' in-memory output.
import { Writable } from 'node:stream';

export class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(c: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.chunks.push(c);
    cb();
  }
  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
