// How a failed stream ends: one error line and exit 255 for a bad stream or a failed read or
// write, saying what was left of the output; a closed stdout ends quietly.

import * as S from '../../crypto/stream.js';
import { EXIT, LocalError } from '../../errors.js';
import type { Left } from './io.js';

/** Exit code of a damaged, truncated or mismatched stream: the AWS CLI's "other" (255). */
export const STREAM_FAILURE_EXIT = EXIT.other;

const WRITING = new Set(['write', 'writev', 'close', 'fsync', 'fdatasync']);

/** A failure while streaming: a closed stdout ends quietly; a bad stream is one error line. */
export function failure(err: unknown, left: Left): number {
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE' || (err as NodeJS.ErrnoException)?.code === 'ERR_STREAM_DESTROYED') return EXIT.ok;
  const hint =
    left.kind === 'stdout' ? undefined : left.kind === 'removed' ? 'the partly written --out file was removed' : `${left.path} ${left.why ?? 'is not a regular file'}, so kms left it; what it received is incomplete`;
  if (err instanceof S.StreamError) {
    throw new LocalError(err.message, STREAM_FAILURE_EXIT, [hint ?? 'only frames whose tag verified were written; treat the output as incomplete']);
  }
  const io = err as NodeJS.ErrnoException;
  // EIO, ENOSPC, EISDIR…: the system's word for it, and which side failed (a network file system
  // may report a write's failure only at close)
  const side = io?.syscall === 'read' ? 'reading the input' : WRITING.has(io?.syscall ?? '') ? 'writing the output' : undefined;
  if (typeof io?.code === 'string' && side !== undefined) {
    throw new LocalError(`${side} failed: ${io.code}`, STREAM_FAILURE_EXIT, [hint ?? 'what was written so far is incomplete']);
  }
  throw err;
}
