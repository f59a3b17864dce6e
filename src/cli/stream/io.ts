// A stream's two ends: a file or stdin/stdout, each as a blocking fd (the fast path, fds.ts) or a
// Node stream; a failed run removes a partly written --out file (a regular file only).

import { lstat, open, stat, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as S from '../../crypto/stream.js';
import type { Deps } from '../../deps.js';
import { EXIT, LocalError } from '../../errors.js';
import type { DebugLog } from '../debug.js';
import { fdKind, stdioFd } from './fds.js';

/**
 * Where the stream comes from: a blocking fd (the fast path), or a Node stream where the fd path
 * does not apply or `text` asks for one (--armor's decoder reads a Node stream; a stream, unlike
 * a read blocked in the thread pool, stops at once when decryption fails).
 */
export interface Input {
  source: S.BlockingFd | Readable;
  size?: number;
  close(): Promise<void>;
}

export async function openInput(path: string | undefined, deps: Deps, debug: DebugLog, text: boolean): Promise<Input> {
  if (path === undefined) {
    const end = deps.stdinFd === undefined || text ? undefined : stdioFd(deps.stdinFd, deps.env, 'in');
    debug(`stream input: stdin, ${end ? `fd ${end.fd}, ${end.kind}` : 'Node stream'}`);
    if (!end) return { source: deps.stdin, close: async () => undefined };
    return { source: { blockingFd: end.fd }, close: async () => end.close() };
  }
  let handle;
  try {
    handle = await open(resolve(deps.cwd, path), 'r'); // the caller's folder (the kms agent's is another)
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    debug(`stream input: ${path}, fd ${handle.fd}, ${fdKind(handle.fd, info)}${text ? ', as a Node stream' : ''}`);
    const h = handle;
    const source = text ? h.createReadStream({ autoClose: false, highWaterMark: 1 << 20 }) : { blockingFd: h.fd };
    return { source, size: info.isFile() ? info.size : undefined, close: () => h.close() };
  } catch (err) {
    await handle?.close();
    throw new LocalError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.other, ['check the --in path']);
  }
}

/** What a failed run left where its output went. */
export type Left = { kind: 'stdout' } | { kind: 'removed' } | { kind: 'kept'; path: string; why?: string };
const STDOUT: Left = { kind: 'stdout' };

/** Where the stream goes: a blocking fd (the fast path) or a Node stream (as for Input; --armor's encoder writes one). */
export interface Output {
  target: S.BlockingFd | Writable;
  /** Flushes and lets go of the output (stdout is never ended). */
  finish(): Promise<void>;
  /** Lets go of the output and removes a partly written --out file; says what it left behind. */
  discard(): Promise<Left>;
  /** false for stdout */
  owned: boolean;
}

export async function openOutput(path: string | undefined, deps: Deps, debug: DebugLog, text: boolean): Promise<Output> {
  if (path === undefined) {
    const end = deps.stdoutFd === undefined || text ? undefined : stdioFd(deps.stdoutFd, deps.env, 'out');
    debug(`stream output: stdout, ${end ? `fd ${end.fd}, ${end.kind}` : 'Node stream'}`);
    if (!end) return { target: deps.stdout, finish: async () => undefined, discard: async () => STDOUT, owned: false };
    return { target: { blockingFd: end.fd }, finish: async () => end.close(), discard: async () => (end.close(), STDOUT), owned: false };
  }
  const file = resolve(deps.cwd, path); // the caller's folder (the kms agent's is another)
  let handle;
  try {
    if ((await stat(file).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    handle = await open(file, 'w');
  } catch (err) {
    throw new LocalError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.other, ['check the --out path']);
  }
  const h = handle;
  const info = await h.stat();
  debug(`stream output: ${path}, fd ${h.fd}, ${fdKind(h.fd, info)}${text ? ', as a Node stream' : ''}`);
  const target = text ? h.createWriteStream({ autoClose: false, highWaterMark: 1 << 20 }) : { blockingFd: h.fd };
  let closed = false;
  const close = async () => {
    if (!closed) (closed = true), await h.close();
  };
  return {
    target,
    finish: close,
    discard: async () => {
      await close();
      // only a regular file kms wrote: never a device, a FIFO or a symlink (kms may run as root)
      if (!info.isFile() || !(await lstat(file).catch(() => undefined))?.isFile()) return { kind: 'kept', path };
      try {
        await unlink(file);
      } catch (err) {
        return { kind: 'kept', path, why: `could not be removed (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
      }
      return { kind: 'removed' };
    },
    owned: true,
  };
}

/**
 * Runs `body` writing to the output: straight to it, or through `filter` (--armor's encoder)
 * into it. Waits until everything is flushed; ends the filter and an --out file, never stdout.
 */
export async function withOutput<T>(output: Output, filter: (Writable & Readable) | undefined, body: (out: S.StreamOutput) => Promise<T>): Promise<T> {
  const target = output.target;
  if (!filter) {
    const result = await body(target);
    if (!('blockingFd' in target)) await flushed(target);
    return result;
  }
  if ('blockingFd' in target) throw new TypeError('stream: --armor writes through a Node stream');
  const piped = pipeline(filter, target, { end: output.owned });
  const result = await body(filter);
  filter.end();
  await piped;
  return result;
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: Writable): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
  });
}
