// The stream commands' fd helpers: the native pipe-size helper (native/pipe_size.c, built by
// npm install) on a named FIFO, its errors, and the KMS_STREAM_FD=0 way out. How kms picks the
// fd path for real stdin/stdout is covered end to end in test/e2e/stream.test.ts.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fdKind, PIPE_BYTES, pipeSizeHelper, stdioFd } from '../../../src/cli/stream/fds.js';
import { ROOT } from '../../support/cli.js';

const built = existsSync(join(ROOT, 'build', 'Release', 'pipe_size.node'));
if (!built) console.warn('skipping the pipe-size helper tests: build/Release/pipe_size.node is not built (npm install builds it with a C compiler and the Node headers)');
const dir = mkdtempSync(join(tmpdir(), 'kms-fds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!built)('the native pipe-size helper', () => {
  it('reads and raises a pipe buffer to 1 MiB', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const fd = openSync(fifo, constants.O_RDWR); // both ends at once: no partner to wait for
    try {
      const h = pipeSizeHelper()!;
      expect(h.pipeSize(fd)).toBe(65536); // Linux's default
      expect(fdKind(fd, fstatSync(fd))).toBe(`pipe (${PIPE_BYTES}-byte buffer)`);
      expect(h.pipeSize(fd)).toBe(PIPE_BYTES);
      expect(h.setPipeSize(fd, 4096)).toBe(4096); // what the kernel granted
    } finally {
      closeSync(fd);
    }
  });

  it('answers -errno, never throws: not a pipe, a closed fd, bad arguments', () => {
    const h = pipeSizeHelper()!;
    writeFileSync(join(dir, 'file'), 'x');
    const fd = openSync(join(dir, 'file'), 'r');
    try {
      expect(h.pipeSize(fd)).toBe(-9); // EBADF: F_GETPIPE_SZ on a regular file
    } finally {
      closeSync(fd);
    }
    expect(h.setPipeSize(fd, PIPE_BYTES)).toBe(-9); // EBADF: closed
    expect((h.setPipeSize as (...a: unknown[]) => number)('0', 'x')).toBe(-22); // EINVAL
    expect((h.pipeSize as (...a: unknown[]) => number)()).toBe(-22);
  });
});

describe('stdioFd', () => {
  it('KMS_STREAM_FD=0 keeps stdin and stdout on Node streams', () => {
    expect(stdioFd(0, { KMS_STREAM_FD: '0' })).toBeUndefined();
    expect(stdioFd(1, { KMS_STREAM_FD: '0' })).toBeUndefined();
  });
});
