// How a failed stream ends: the system's error word and the side that failed, for every system call
// that can fail while the output is written (a network file system may report a write's failure
// only at close), and the hint saying what was left where the output went.
import { describe, expect, it } from 'vitest';
import { failure } from '../../../src/cli/stream/failure.js';
import { LocalError } from '../../../src/errors.js';

const io = (code: string, syscall: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall });

function thrown(fn: () => unknown): LocalError {
  try {
    fn();
  } catch (err) {
    return err as LocalError;
  }
  throw new Error('expected a failure');
}

describe('a failed stream', () => {
  for (const syscall of ['write', 'writev', 'close', 'fsync']) {
    it(`${syscall} failing with EIO is "writing the output failed" (255), the partial --out removed`, () => {
      const err = thrown(() => failure(io('EIO', syscall), { kind: 'removed' }));
      expect(err).toBeInstanceOf(LocalError);
      expect([err.message, err.exitCode, err.hints]).toEqual(['writing the output failed: EIO', 255, ['the partly written --out file was removed']]);
    });
  }

  it('read failing with EIO is "reading the input failed" (255)', () => {
    const err = thrown(() => failure(io('EIO', 'read'), { kind: 'stdout' }));
    expect([err.message, err.exitCode, err.hints]).toEqual(['reading the input failed: EIO', 255, ['what was written so far is incomplete']]);
  });

  it('says why it left an output it could not remove', () => {
    const err = thrown(() => failure(io('ENOSPC', 'write'), { kind: 'kept', path: 'out.bin', why: 'could not be removed (EPERM)' }));
    expect(err.hints).toEqual(['out.bin could not be removed (EPERM), so kms left it; what it received is incomplete']);
  });

  it('a closed stdout ends quietly (exit 0), as a pipe into head does', () => {
    expect(failure(io('EPIPE', 'write'), { kind: 'stdout' })).toBe(0);
  });
});
