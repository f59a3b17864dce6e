// The stream commands' fast path: stdin and stdout as blocking file descriptors that
// crypto/stream-io.ts reads and writes with synchronous system calls, with their pipe buffers
// raised to 1 MiB by the native helper (native/pipe_size.c) where it was built.
//
// Node makes a pipe on stdin or stdout non-blocking as soon as process.stdin/stdout is touched,
// and that flag belongs to the open file description, so a pipe is reopened through
// /proc/self/fd/N: a new description of the same pipe, blocking. Only an anonymous pipe
// ("pipe:[inode]"): Linux opens those at once even when the other end is gone, where reopening a
// named FIFO would wait for a partner. A terminal, a socket (what Node's child_process gives a
// child) or a named FIFO stays on Node's streams; so does everything off Linux.

import { closeSync, constants, fstatSync, openSync, readlinkSync, type Stats } from 'node:fs';
import { isatty } from 'node:tty';
import { nativeAddon } from '../../deps.js';

/** A blocking fd for the stream commands, and how to let go of it. */
export interface FdEnd {
  fd: number;
  /** What it is, for --debug: "pipe (1048576-byte buffer)", "file", "character device". */
  kind: string;
  /** Closes a descriptor kms opened (a reopened pipe); leaves fd 0 and 1 alone. */
  close(): void;
}

/** 1 MiB: Linux's default /proc/sys/fs/pipe-max-size, the most an unprivileged process may ask for. */
export const PIPE_BYTES = 1024 * 1024;

interface PipeSizeHelper {
  pipeSize(fd: number): number;
  setPipeSize(fd: number, bytes: number): number;
}
/** The native helper, or null where `npm install` could not build it (kms works without it). */
export function pipeSizeHelper(): PipeSizeHelper | null {
  return nativeAddon<PipeSizeHelper>('pipe_size');
}

/**
 * stdin or stdout as a blocking fd — 0 and 1, or in the kms agent the caller's, received — or undefined where Node's streams must carry it (a
 * terminal, a socket, a named FIFO, a pipe that cannot be reopened). `env` turns the fast path off with
 * KMS_STREAM_FD=0 (to compare the two paths, or as a way out should a platform misbehave).
 */
export function stdioFd(fd: number, env: Readonly<Record<string, string | undefined>>, side: 'in' | 'out' = fd === 0 ? 'in' : 'out'): FdEnd | undefined {
  if (env.KMS_STREAM_FD === '0') return undefined;
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return undefined;
  }
  if (st.isFile() || (st.isCharacterDevice() && !isatty(fd))) return { fd, kind: fdKind(fd, st), close: () => undefined };
  if (!st.isFIFO()) return undefined;
  let own: number;
  try {
    if (!readlinkSync(`/proc/self/fd/${fd}`).startsWith('pipe:')) return undefined;
    own = openSync(`/proc/self/fd/${fd}`, side === 'in' ? constants.O_RDONLY : constants.O_WRONLY);
  } catch {
    return undefined;
  }
  return { fd: own, kind: fdKind(own, st), close: () => closeSync(own) };
}

/**
 * What `fd` (whose fstat is `st`) is, for --debug: "file", "character device", "other", or for a
 * pipe its buffer size, after raising it to PIPE_BYTES where the helper and the kernel allow.
 */
export function fdKind(fd: number, st: Stats): string {
  if (st.isFIFO()) return pipeKind(fd);
  return st.isFile() ? 'file' : st.isCharacterDevice() ? 'character device' : 'other';
}

function pipeKind(fd: number): string {
  const h = pipeSizeHelper();
  if (!h) return 'pipe (default buffer: the native helper is not built)';
  let size = h.pipeSize(fd);
  if (size > 0 && size < PIPE_BYTES) {
    const granted = h.setPipeSize(fd, PIPE_BYTES);
    if (granted > 0) size = granted; // EPERM past the user's pipe-buffer quota: keep what it has
  }
  return `pipe (${size}-byte buffer)`;
}
