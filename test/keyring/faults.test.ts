// Faults injected at the store layer, at every write step of real KMS operations: the keyring's
// SQLite statements (BEGIN, SAVEPOINT, each row written, RELEASE, COMMIT) fail in turn as a full
// disk, an I/O error, a failed fsync or read-only media make them fail, with and without SQLite
// rolling the transaction back itself (as it may on SQLITE_FULL and SQLITE_IOERR). Each call then
// fails with one clear error (exit 253, no SQLite text), the file's rows are exactly as before, and
// the next call works. The real disk-full, read-only and permission cases are test/e2e/faults.test.ts.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf, type RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { LocalError } from '../../src/errors.js';
import { openKeyringFile } from '../../src/keyring/file-format.js';
import { keyringInit, keyringVerify } from '../../src/keyring/index.js';
import { unwrapMasterKey } from '../../src/keyring/master-key.js';
import { SqliteKeyring } from '../../src/keyring/sqlite-store.js';
import { trailRecorder } from '../../src/services/cloudtrail/recorder.js';
import { service as kms } from '../../src/services/kms/index.js';
import { verifyKeyRecord } from '../../src/services/kms/verify.js';
import { CHEAP, PASS, rowsDigest, tempDir, testDeps } from './helpers.js';

const t = tempDir();
const path = join(t.dir, 'keyring.db');
let ring: SqliteKeyring;
let ctx: RunContext;
let mk: Uint8Array;

/** The statement SQL prefixes that make up a write, in the order a transaction runs them. */
const WRITE_STEPS = /^(BEGIN|SAVEPOINT|INSERT|DELETE|RELEASE|COMMIT)/;
const fault: { at: number; seen: number; code: string; autoRollback: boolean } = { at: 0, seen: 0, code: '', autoRollback: false };

/** Reads that fail in turn (`get` and `all` of SELECT statements), as a disk that returns EIO does. */
const readFault = { at: 0, seen: 0 };

/** The keyring's connection, whose write statements (or reads) fail when the armed step comes. */
function faulty(db: Database.Database): Database.Database {
  return new Proxy(db, {
    get(target, key) {
      if (key !== 'prepare') {
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (sql: string) => {
        const stmt = target.prepare(sql);
        if (/^SELECT/.test(sql.trim())) {
          return new Proxy(stmt, {
            get(s, k) {
              const v = Reflect.get(s, k, s) as unknown;
              if ((k !== 'get' && k !== 'all') || typeof v !== 'function') return typeof v === 'function' ? v.bind(s) : v;
              return (...args: unknown[]) => {
                if (readFault.at > 0 && ++readFault.seen === readFault.at) {
                  throw Object.assign(new Error('injected'), { name: 'SqliteError', code: 'SQLITE_IOERR_READ' });
                }
                return (v as (...a: unknown[]) => unknown).apply(s, args);
              };
            },
          });
        }
        if (!WRITE_STEPS.test(sql.trim())) return stmt;
        return new Proxy(stmt, {
          get(s, k) {
            if (k === 'run') {
              return (...args: unknown[]) => {
                if (fault.at > 0 && ++fault.seen === fault.at) {
                  // what SQLite may do on a full disk or an I/O error: roll the whole transaction back
                  if (fault.autoRollback && target.inTransaction) target.exec('ROLLBACK');
                  throw Object.assign(new Error('injected'), { name: 'SqliteError', code: fault.code });
                }
                return (s.run as (...a: unknown[]) => unknown)(...args);
              };
            }
            const v = Reflect.get(s, k, s) as unknown;
            return typeof v === 'function' ? v.bind(s) : v;
          },
        });
      };
    },
  });
}

/** Every row of the file, as bytes: what "unchanged" means. */
const snapshot = (): string => rowsDigest(path);

beforeAll(async () => {
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  const { db, header } = openKeyringFile(path);
  mk = await unwrapMasterKey(PASS, header, 'KMS_PASSPHRASE');
  const deps = testDeps();
  ring = new SqliteKeyring(path, faulty(db), mk, deps.random);
  ctx = {
    region: 'us-east-1',
    account: '111122223333',
    partition: partitionOf('us-east-1'),
    clock: deps.clock,
    random: deps.random,
    store: ring,
    // the trail is written in the call's own transaction: its write is one of the steps
    trail: trailRecorder({ retentionDays: 90 }),
  };
});
afterAll(() => {
  ring.close();
  t.cleanup();
});

const run = (op: string, req: Record<string, unknown> = {}) => runOperation(ctx, kms, op, req);

/** What each injected code must read as. */
const EXPECTED: Record<string, RegExp> = {
  SQLITE_FULL: /^the keyring .* could not be written: no space left on its file system$/,
  SQLITE_IOERR_WRITE: /^an I\/O error stopped kms on the keyring .* \(SQLITE_IOERR_WRITE\)$/,
  SQLITE_IOERR_FSYNC: /^an I\/O error stopped kms on the keyring .* \(SQLITE_IOERR_FSYNC\)$/,
  SQLITE_READONLY: /^cannot open the keyring .* for writing$/,
};

/**
 * Runs `call` with a fault armed at step 1, 2, … until a run meets no fault (the call has no more
 * steps); each faulted run must fail cleanly and change nothing. Returns the steps faulted.
 */
async function everyStep(code: string, autoRollback: boolean, call: () => Promise<unknown>): Promise<number> {
  for (let at = 1; ; at++) {
    const before = snapshot();
    Object.assign(fault, { at, seen: 0, code, autoRollback });
    let err: unknown;
    try {
      await call();
    } catch (e) {
      err = e;
    }
    const reached = fault.seen >= at;
    fault.at = 0;
    if (!reached) {
      expect(err, `no fault at step ${at}, so the call must succeed`).toBeUndefined();
      return at - 1;
    }
    expect(err, `${code} at write step ${at}`).toBeInstanceOf(LocalError);
    expect((err as LocalError).exitCode).toBe(253);
    expect((err as LocalError).message).toMatch(EXPECTED[code]!);
    expect((err as LocalError).hints.join('\n')).not.toMatch(/SQLITE|stack|at .*\.js/);
    expect(snapshot(), `${code} at write step ${at}: the keyring must be unchanged`).toBe(before);
  }
}

describe('a write that fails at any step changes nothing, and the next call works', () => {
  let keyId: string;
  let cases = 0;
  afterAll(() => console.log(`[faults] store layer: ${cases} injected faults`));

  for (const code of Object.keys(EXPECTED)) {
    for (const autoRollback of [false, true]) {
      const how = `${code}${autoRollback ? ', SQLite rolling back itself' : ''}`;
      it(`CreateKey with tags and its trail record (${how})`, async () => {
        const steps = await everyStep(code, autoRollback, async () => {
          keyId = ((await run('CreateKey', { Tags: [{ TagKey: 'k', TagValue: 'v' }] })).KeyMetadata as { KeyId: string }).KeyId;
        });
        expect(steps).toBeGreaterThanOrEqual(4);
        cases += steps;
      });

      it(`CreateAlias, TagResource and Encrypt (its last-usage and trail records) (${how})`, async () => {
        const alias = `alias/a-${code}-${String(autoRollback)}`.toLowerCase().replace(/_/g, '-');
        cases += await everyStep(code, autoRollback, () => run('CreateAlias', { AliasName: alias, TargetKeyId: keyId }));
        cases += await everyStep(code, autoRollback, () => run('TagResource', { KeyId: keyId, Tags: [{ TagKey: 'more', TagValue: code }] }));
        cases += await everyStep(code, autoRollback, () => run('Encrypt', { KeyId: alias, Plaintext: new Uint8Array(16) }));
      });

      it(`ScheduleKeyDeletion (${how})`, async () => {
        cases += await everyStep(code, autoRollback, () => run('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }));
        const meta = (await run('DescribeKey', { KeyId: keyId })).KeyMetadata as { KeyState: string };
        expect(meta.KeyState).toBe('PendingDeletion');
      });
    }
  }

  it('a read that fails with an I/O error at any step (DescribeKey, ListAliases, Decrypt) is one error (253) and changes nothing', async () => {
    const fresh = ((await run('CreateKey', {})).KeyMetadata as { KeyId: string }).KeyId;
    const blob = (await run('Encrypt', { KeyId: fresh, Plaintext: new Uint8Array(8) })).CiphertextBlob;
    const calls: [string, Record<string, unknown>][] = [
      ['DescribeKey', { KeyId: fresh }],
      ['ListAliases', {}],
      ['Decrypt', { CiphertextBlob: blob }],
    ];
    for (const [op, req] of calls) {
      for (let at = 1; ; at++) {
        const before = snapshot();
        // a connection of its own, whose row cache is empty: every read reaches SQLite
        const cold = new SqliteKeyring(path, faulty(openKeyringFile(path).db), mk, testDeps().random);
        Object.assign(readFault, { at, seen: 0 });
        let err: unknown;
        try {
          await runOperation({ ...ctx, store: cold }, kms, op, req);
        } catch (e) {
          err = e;
        }
        const reached = readFault.seen >= at;
        readFault.at = 0;
        cold.close();
        if (!reached) {
          expect(err, `${op}: no fault at read ${at}, so it succeeds`).toBeUndefined();
          break;
        }
        cases++;
        expect(err, `${op}: EIO at read ${at}`).toBeInstanceOf(LocalError);
        expect((err as LocalError).exitCode).toBe(253);
        expect((err as LocalError).message).toMatch(/^an I\/O error stopped kms on the keyring .* \(SQLITE_IOERR_READ\)$/);
        expect(snapshot(), `${op}: EIO at read ${at} changes nothing`).toBe(before);
      }
    }
  });

  it('leaves a keyring whose every record and key material still verifies', async () => {
    const v = await keyringVerify(testDeps({ KMS_PASSPHRASE: PASS }), { path, checkRecord: verifyKeyRecord });
    expect(v.records).toBeGreaterThan(8);
    expect(v.checked).toBe(9);
  });
});
