// Whole keyrings moved or copied: `kms keyring copy --from A --to B` between a file and a
// PostgreSQL database in either direction, and the new file every backup or copy makes. Rows are
// copied as they are sealed: a record's seal binds its name, not its place, and the header (with
// MK wrapped under the passphrase's key) goes along, so nothing is re-sealed and the copy opens
// with the same passphrase. Every copy is read back and compared with what was read before it
// counts as made.

import { createHash, type Hash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, openSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Deps } from '../deps.js';
import { configError, LocalError } from '../errors.js';
import type { ByteRecord } from './byte-store.js';
import { damaged, initKeyringFile, openKeyringFile, sqliteFailure, type Header } from './file-format.js';
import { DETERMINISTIC_RECORD } from './deterministic.js';
import { isDatabaseUrl, keyringLabel } from './location.js';

/** Rows per page read from a source and written to a destination. */
const PAGE = 1000;

/** What a copy made. */
export interface CopyInfo {
  from: string;
  to: string;
  keyringId: string;
  records: number;
  /** SHA-256 over every (name, sealed value) in name order: equal at both ends */
  digest: string;
}

/** A running digest of rows in name order, each as length-prefixed name and value. */
class RowsDigest {
  private readonly hash: Hash = createHash('sha256');
  count = 0;

  add(rows: readonly ByteRecord[]): void {
    for (const r of rows) {
      const name = Buffer.from(r.name, 'utf8');
      const lengths = Buffer.alloc(8);
      lengths.writeUInt32BE(name.length, 0);
      lengths.writeUInt32BE(r.value.length, 4);
      this.hash.update(lengths).update(name).update(r.value);
      this.count++;
    }
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Every row of an open keyring file, from one read transaction (one committed state). */
async function* fileRows(db: Database.Database): AsyncGenerator<ByteRecord[]> {
  db.exec('BEGIN');
  try {
    let page: ByteRecord[] = [];
    for (const r of db.prepare('SELECT name, value FROM records ORDER BY name').iterate() as Iterable<{ name: string; value: Uint8Array }>) {
      page.push({ name: r.name, value: r.value });
      if (page.length === PAGE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  } finally {
    db.exec('COMMIT');
  }
}

/** `rows` passed on unchanged, each page added to `digest` on the way. */
async function* digesting(rows: AsyncIterable<ByteRecord[]>, digest: RowsDigest): AsyncGenerator<ByteRecord[]> {
  for await (const page of rows) {
    digest.add(page);
    yield page;
  }
}

/**
 * Makes the keyring file `to` that must not exist: `fill` writes a complete keyring into a 0600
 * temporary file beside it; the file is then checked (SQLite's integrity check, its header's
 * keyring id, `check` on its rows), checkpointed into one file, made durable and linked to `to`.
 * A failure (a full disk) leaves nothing behind; an existing `to` is never overwritten.
 */
export async function newKeyringFile(
  deps: Pick<Deps, 'random'>,
  to: string,
  noun: 'backup' | 'copy',
  keyringId: string,
  fill: (tmp: string) => Promise<void>,
  check?: (db: Database.Database) => void,
): Promise<{ records: number; bytes: number }> {
  const taken = () => configError(`${to} already exists`, `name a new file: a ${noun} never overwrites one`);
  if (existsSync(to)) throw taken();
  const dir = dirname(to);
  if (!existsSync(dir)) throw configError(`no folder ${dir} for the ${noun}`, 'create the folder first');
  const tmp = join(dir, `.${basename(to)}.${Buffer.from(deps.random(8)).toString('hex')}.tmp`);
  const fail = (err: unknown): LocalError => {
    if (err instanceof LocalError) return err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
      return configError(`cannot write the ${noun} ${to}: no space left on its file system`, `nothing was written; free some space, then run the ${noun} again`);
    }
    if (typeof code === 'string' && !code.startsWith('SQLITE_')) return configError(`cannot write the ${noun} ${to} (${code})`, 'check that you may write to its folder');
    return sqliteFailure(to, err);
  };
  try {
    try {
      closeSync(openSync(tmp, 'wx', 0o600));
      chmodSync(tmp, 0o600);
      await fill(tmp);
    } catch (err) {
      throw fail(err);
    }
    const made = openKeyringFile(tmp);
    let records: number;
    try {
      if (made.header.keyringId !== keyringId) throw damaged(to);
      if (made.db.pragma('integrity_check', { simple: true }) !== 'ok') throw damaged(to);
      check?.(made.db);
      records = made.db.prepare('SELECT count(*) FROM records').pluck().get() as number;
      // the copy as one file, no WAL beside it, before it takes its name
      made.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      throw fail(err);
    } finally {
      made.db.close();
    }
    try {
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      linkSync(tmp, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw fail(err);
    }
    return { records, bytes: statSync(to).size };
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

/** Writes `header` and `rows` into the new, empty file `tmp` (one transaction for the rows). */
async function fillFile(tmp: string, header: Header, rows: AsyncIterable<ByteRecord[]>): Promise<void> {
  initKeyringFile(tmp, header);
  const { db } = openKeyringFile(tmp);
  try {
    const insert = db.prepare('INSERT INTO records (name, value) VALUES (?, ?)');
    db.exec('BEGIN IMMEDIATE');
    for await (const page of rows) for (const r of page) insert.run(r.name, Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength));
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

/** A deterministic keyring's keys are anyone's who knows its seed: never a team's. */
export const notForTeams = (label: string): LocalError =>
  configError(`the keyring ${label} is deterministic (kms keyring init --deterministic): a team keyring in PostgreSQL cannot be one`, 'deterministic keyrings are for tests: keep it in a file');

const mismatch = (to: string): LocalError =>
  configError(`the copy at ${to} does not read back as what was copied`, 'remove it and copy again; check the destination\'s disk or server if it happens again');

/**
 * `kms keyring copy --from A --to B`: every row and the header of keyring A, read from one
 * snapshot, into B, which must not hold a keyring yet; then B is read back and its digest compared.
 * A and B are file paths or postgresql:// URLs. Needs no passphrase: nothing is opened or re-sealed.
 */
export async function keyringCopy(
  deps: Pick<Deps, 'env' | 'random'>,
  opts: { from: string; to: string; noun?: 'backup' | 'copy' },
): Promise<CopyInfo> {
  const noun = opts.noun ?? 'copy';
  const fromLabel = keyringLabel(opts.from);
  const toLabel = keyringLabel(opts.to);
  if (opts.from === opts.to) throw configError(`--from and --to are the same keyring (${fromLabel})`, 'name another file or database to copy to');
  const home = deps.env.HOME || homedir();
  const place = async (url: string) => (await import('./pg-place.js')).DbPlace.of(url, deps.env, home);
  const read = new RowsDigest();
  const written = new RowsDigest();

  // the source: its header, and its rows from one snapshot
  let header: Header;
  let rows: AsyncIterable<ByteRecord[]>;
  let closeSource: () => Promise<void>;
  if (isDatabaseUrl(opts.from)) {
    const src = await place(opts.from);
    try {
      header = await src.header();
    } catch (err) {
      await src.end();
      throw err;
    }
    rows = src.rows(PAGE);
    closeSource = () => src.end();
  } else {
    if (!existsSync(opts.from)) throw configError(`no keyring at ${opts.from}`, 'check the path given as --from');
    const src = openKeyringFile(opts.from);
    if (isDatabaseUrl(opts.to) && src.db.prepare('SELECT 1 FROM records WHERE name = ?').get(DETERMINISTIC_RECORD) !== undefined) {
      src.db.close();
      throw notForTeams(fromLabel);
    }
    header = src.header;
    rows = fileRows(src.db);
    closeSource = async () => void src.db.close();
  }

  try {
    if (isDatabaseUrl(opts.to)) {
      const dst = await place(opts.to);
      try {
        if (!(await dst.create(header, digesting(rows, read)))) {
          throw configError(`a keyring already exists at ${toLabel}`, `copy to a database (or schema) that holds no keyring: a ${noun} never overwrites one`);
        }
        for await (const page of dst.rows(PAGE)) written.add(page);
      } finally {
        await dst.end();
      }
      const digest = read.hex();
      if (written.count !== read.count || written.hex() !== digest) throw mismatch(toLabel);
      return { from: fromLabel, to: toLabel, keyringId: header.keyringId, records: read.count, digest };
    }
    let digest = '';
    const made = await newKeyringFile(deps, opts.to, noun, header.keyringId, (tmp) => fillFile(tmp, header, digesting(rows, read)), (db) => {
      for (const r of db.prepare('SELECT name, value FROM records ORDER BY name').iterate() as Iterable<ByteRecord>) written.add([r]);
      digest = read.hex();
      if (written.count !== read.count || written.hex() !== digest) throw mismatch(opts.to);
    });
    return { from: fromLabel, to: toLabel, keyringId: header.keyringId, records: made.records, digest };
  } finally {
    await closeSource();
  }
}
