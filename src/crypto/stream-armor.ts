// The text form of a stream (`--armor`, like age's): PEM-style BEGIN/END lines around base64.
// Must not import the engine, the keyring or the CLI.

import { Transform, type TransformCallback } from 'node:stream';
import { damaged } from './stream-format.js';

export const ARMOR_BEGIN = '-----BEGIN KMS ENCRYPTED STREAM-----';
export const ARMOR_END = '-----END KMS ENCRYPTED STREAM-----';
const LINE_CHARS = 64;
const LINE_BYTES = 48; // 64 base64 characters
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Binary in, armored text out: 64-character lines, LF line ends, a final LF after END. */
export function armorEncoder(): Transform {
  let rest = Buffer.alloc(0);
  let started = false;
  const lines = (buf: Buffer): string => {
    let s = '';
    for (let i = 0; i < buf.length; i += LINE_BYTES) s += buf.toString('base64', i, Math.min(i + LINE_BYTES, buf.length)) + '\n';
    return s;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      let out = started ? '' : ARMOR_BEGIN + '\n';
      started = true;
      const all = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      const whole = all.length - (all.length % LINE_BYTES);
      out += lines(all.subarray(0, whole));
      rest = Buffer.from(all.subarray(whole));
      cb(null, out);
    },
    flush(cb: TransformCallback) {
      cb(null, (started ? '' : ARMOR_BEGIN + '\n') + lines(rest) + ARMOR_END + '\n');
    },
  });
}

/**
 * Armored text in, binary out. Strict: the BEGIN line first; body lines of exactly 64
 * characters except the last (1..64); canonical base64, padding only at the very end; the END
 * line; then nothing but one optional LF. Anything else is StreamError (damaged).
 */
export function armorDecoder(): Transform {
  let partial = '';
  let state: 'begin' | 'body' | 'short' | 'end' | 'done' = 'begin';
  const line = (l: string): Buffer | undefined => {
    if (state === 'begin') {
      if (l !== ARMOR_BEGIN) throw damaged();
      state = 'body';
      return undefined;
    }
    if (l === ARMOR_END && (state === 'body' || state === 'short')) {
      state = 'end';
      return undefined;
    }
    // a short (or padded) body line must be the last one
    if (state !== 'body' || l.length === 0 || l.length > LINE_CHARS || l.length % 4 !== 0 || !BASE64_LINE.test(l)) throw damaged();
    const bytes = Buffer.from(l, 'base64');
    if (bytes.toString('base64') !== l) throw damaged(); // canonical: no stray padding bits
    if (l.length < LINE_CHARS || l.endsWith('=')) state = 'short';
    return bytes;
  };
  const feed = (text: string, last: boolean): Buffer[] => {
    const out: Buffer[] = [];
    partial += text;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      if (state === 'end' || state === 'done') throw damaged(); // text after the END line
      const b = line(partial.slice(0, nl));
      if (b) out.push(b);
      partial = partial.slice(nl + 1);
      if ((state as string) === 'end') state = 'done';
    }
    if (partial.length > LINE_CHARS + ARMOR_BEGIN.length) throw damaged(); // an overlong line
    if (last) {
      if (partial.length > 0) {
        if (state === 'end' || state === 'done') throw damaged();
        const b = line(partial); // an END line without its LF
        if (b) out.push(b);
        partial = '';
      }
      if (state !== 'end' && state !== 'done') throw damaged(); // truncated
    }
    return out;
  };
  const run = (cb: TransformCallback, f: () => Buffer[]): void => {
    try {
      const parts = f();
      cb(null, parts.length ? Buffer.concat(parts) : undefined);
    } catch (e) {
      cb(e as Error);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      run(cb, () => feed(chunk.toString('latin1'), false));
    },
    flush(cb: TransformCallback) {
      run(cb, () => feed('', true));
    },
  });
}
