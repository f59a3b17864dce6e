// A team keyring's place: one PostgreSQL database (and schema, by search_path) reached through a
// connection URL. What src/keyring/index.ts asks of a keyring's place besides its records: its
// header, making it, re-wrapping its master key, counting records, and opening it as a store.
// Loaded only for a postgresql:// keyring.

import type pg from 'pg';
import type { RandomSource } from '../deps.js';
import { configError, LocalError } from '../errors.js';
import type { Header } from './file-format.js';
import { connectionOf, type Connection } from './pg-connection.js';
import {
  countRecords,
  createDbKeyring,
  lockKeyOf,
  makePool,
  noDbKeyring,
  openState,
  pgFailure,
  PgByteStore,
  PgKeyring,
  rewriteDbHeader,
  snapshotRows,
  type SchemaState,
} from './pg-store.js';

export class DbPlace {
  private constructor(
    private readonly conn: Connection,
    private readonly pool: pg.Pool,
  ) {}

  /** Reads the URL (a clear error when it is unusable); connects on first use. */
  static of(url: string, env: Record<string, string | undefined>, home: string): DbPlace {
    const conn = connectionOf(url, env, home);
    return new DbPlace(conn, makePool(conn));
  }

  get label(): string {
    return this.conn.label;
  }

  /** A login refused: say where the password came from, or that none was found and why. */
  private failure(err: unknown): LocalError {
    const mapped = pgFailure(this.label, err);
    // the driver's error, which pgFailure (in withClient) may have mapped already
    const original = err instanceof LocalError && err.cause !== undefined ? err.cause : err;
    const code = (original as { code?: unknown }).code;
    // pg refuses to send an empty password to a server that asks for one (SCRAM)
    const noPassword = /client password must be a non-empty string/.test(original instanceof Error ? original.message : '');
    if (code !== '28P01' && code !== '28000' && !noPassword) return mapped;
    if (noPassword) return configError(`PostgreSQL asked for a password for the keyring ${this.label}, and kms found none`, ...this.found());
    const from = this.conn.passwordFrom;
    return configError(mapped.message, ...(from ? [`the password was taken from ${from}`] : this.found()), 'check the user and the password');
  }

  /** Where kms looked for a password, and what it ignored. */
  private found(): string[] {
    return ['give it in the URL (postgresql://user:password@…), in PGPASSWORD, or in ~/.pgpass (PGPASSFILE)', ...this.conn.warnings.map((w) => `ignored: ${w}`)];
  }


  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** What the database holds: nothing of kms's, or a keyring (migrated to this kms's schema). */
  state(): Promise<SchemaState> {
    return this.guard(() => openState(this.pool, this.label));
  }

  /** The keyring's header; a clear error when the database holds none. */
  async header(): Promise<Header> {
    const s = await this.state();
    if (s.kind === 'none') throw noDbKeyring(this.label);
    return s.header;
  }

  /** Makes the keyring (and copies `rows` into it); false when one is there already. */
  create(header: Header, rows?: AsyncIterable<{ name: string; value: Uint8Array }[]>): Promise<boolean> {
    return this.guard(() => createDbKeyring(this.pool, this.label, header, rows));
  }

  /** Replaces the wrapped MK and KDF fields if nobody else did meanwhile. */
  rewriteHeader(expectedWrappedMk: Uint8Array, next: Header): Promise<boolean> {
    return this.guard(() => rewriteDbHeader(this.pool, this.label, expectedWrappedMk, next));
  }

  /** Records whose names start with `prefix` (names are not secret: no passphrase needed). */
  count(prefix: string): Promise<number> {
    return this.guard(() => countRecords((text, values, name) => this.pool.query({ text, values, name }), prefix));
  }

  /** Every record, in name order, from one snapshot. */
  rows(page?: number): AsyncGenerator<{ name: string; value: Uint8Array }[]> {
    return snapshotRows(this.pool, this.label, page);
  }

  /** The keyring `state` found as a store; it owns the connections from now on. */
  open(state: Extract<SchemaState, { kind: 'keyring' }>, mk: Uint8Array, random: RandomSource): PgKeyring {
    const { header, schema } = state;
    return new PgKeyring(this.label, new PgByteStore(this.pool, this.label, lockKeyOf(header.keyringId, schema)), mk, random);
  }

  /** Closes the connections (when no store was opened). */
  async end(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
