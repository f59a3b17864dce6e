// The barrier: the engine's RecordStore over any ByteStore. Every value is sealed with AES-256-GCM
// under the master key's record subkey, the record's name as AAD, so a record can be neither read,
// altered nor moved to another name; key material is wrapped once more under its own subkey.
// Must not import the CLI, the engine's services, or ask for passphrases.

import type { RandomSource } from '../deps.js';
import type { RecordReader, RecordStore, RecordTx, StoredRecord, StoredValue } from '../engine/store.js';
import { configError, type LocalError } from '../errors.js';
import { scoped, type ByteReader, type ByteStore, type ByteTx, type Scope } from './byte-store.js';
import { decodeRecord, encodeRecord } from './codec.js';
import { masterKeys, seal, unseal, utf8, type MasterKeys } from './seal.js';
import { blocksFor, DETERMINISTIC_RECORD, keystream, type DeterministicRecord } from './deterministic.js';

/** A deterministic keyring's engine random source, as its callers see it. */
export interface DeterministicSource {
  /** Draws the engine makes inside a transaction read the keyring's stream; outside one, the system's. */
  random: RandomSource;
  /** keyFingerprint of the stream's key: which seed, without revealing it. */
  fingerprint: string;
}

export class SealedStore implements RecordStore {
  private readonly keys: MasterKeys;

  /** `label` names the store in errors: the keyring's path. `mk` is copied; the caller may zero it. */
  constructor(
    private readonly bytes: ByteStore,
    mk: Uint8Array,
    private readonly random: RandomSource,
    readonly label: string,
  ) {
    this.keys = masterKeys(mk);
  }

  transaction<T>(fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    if (this.det) return this.deterministicTransaction(this.det, fn);
    return this.bytes.transaction((rows) => scoped((scope) => fn(new SealedTx(this, rows, scope))));
  }

  read<T>(fn: (reader: RecordReader) => Promise<T>): Promise<T> {
    return this.bytes.read((rows) => scoped((scope) => fn(new SealedView(this, rows, scope))));
  }

  /**
   * A deterministic keyring's operations prepare inside their transaction: what prepare draws from
   * the stream (key material) is then kept with the call, or, when the call fails, not at all.
   */
  get prepareInTransaction(): boolean {
    return this.det !== undefined;
  }

  /** A deterministic keyring's stream and where the running transaction stands in it. */
  private det?: { key: Uint8Array; fingerprint: string; source: DeterministicSource; at?: { position: number } };

  /**
   * Makes this store deterministic when its records say so (a file keyring's open does this; a team
   * keyring never is one). Returns the engine's random source then, else undefined.
   */
  async loadDeterministic(fallback: RandomSource): Promise<DeterministicSource | undefined> {
    const rec = await this.read((r) => r.get<DeterministicRecord>(DETERMINISTIC_RECORD));
    if (rec === undefined) return undefined;
    const det: NonNullable<SealedStore['det']> = {
      key: new Uint8Array(rec.key),
      fingerprint: rec.fingerprint,
      source: {
        fingerprint: rec.fingerprint,
        random: Object.assign(
          (length: number) => {
            // outside a transaction (CloudFormation's stack ids, a read) nothing could record a draw
            if (det.at === undefined) return fallback(length);
            const out = keystream(det.key, det.at.position, length);
            det.at.position += blocksFor(length);
            return out;
          },
          { seeded: true as const, unseeded: fallback },
        ),
      },
    };
    this.det = det;
    return det.source;
  }

  /** The deterministic keyring's source (loadDeterministic), or undefined. */
  get deterministic(): DeterministicSource | undefined {
    return this.det?.source;
  }

  /**
   * Runs `fn` with the stream read from where the record says, and records where it stopped in the
   * same transaction: a call that fails moves nothing, two processes never read the same blocks.
   * Transactions of one store never interleave (the byte store runs them one after another).
   */
  private deterministicTransaction<T>(det: NonNullable<SealedStore['det']>, fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    return this.bytes.transaction((rows) =>
      scoped(async (scope) => {
        const tx = new SealedTx(this, rows, scope);
        const rec = await tx.get<DeterministicRecord>(DETERMINISTIC_RECORD);
        if (rec === undefined) throw tampered(this.label, `record ${DETERMINISTIC_RECORD} is gone`);
        if (det.at !== undefined) throw new Error('barrier: deterministic transactions overlap');
        det.at = { position: rec.position };
        try {
          const out = await fn(tx);
          if (det.at.position !== rec.position) tx.put(DETERMINISTIC_RECORD, { ...rec, position: det.at.position });
          return out;
        } finally {
          det.at = undefined;
        }
      }),
    );
  }

  /**
   * Rows already unsealed, by the row's bytes object: a byte store that hands out the same row
   * again (SQLite's transaction row cache) is not unsealed twice. Weak, so rows the byte store
   * forgets are forgotten here too; the name is kept, as it is the row's AAD.
   */
  private opened = new WeakMap<Uint8Array, { name: string; plain: Uint8Array }>();

  /** The value of a row, unsealed with its name as AAD; one opaque error for any failed check. */
  openValue<T>(name: string, sealed: Uint8Array): T {
    const known = this.opened.get(sealed);
    if (known !== undefined && known.name === name) return this.decode<T>(name, known.plain);
    const plain = unseal(this.keys.records, utf8(name), sealed);
    if (plain === undefined) throw tampered(this.label, `record ${name}`);
    this.opened.set(sealed, { name, plain });
    return this.decode<T>(name, plain);
  }

  /** A sealed value that is no record (sealed by something else holding MK) is damage too, not a SyntaxError. */
  private decode<T>(name: string, plain: Uint8Array): T {
    try {
      return decodeRecord<T>(plain);
    } catch {
      throw tampered(this.label, `record ${name}`);
    }
  }

  /** A value as its row: encoded, then sealed with its name as AAD. */
  sealValue(name: string, value: StoredValue): Uint8Array {
    return seal(this.keys.records, utf8(name), encodeRecord(value), this.random);
  }

  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array {
    return seal(this.keys.material, utf8(aad), plaintext, this.random);
  }

  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array {
    const plain = unseal(this.keys.material, utf8(aad), wrapped);
    if (plain === undefined) throw tampered(this.label, 'key material');
    return plain;
  }

  /** Zeroes the keys; the store cannot be used afterwards. */
  forget(): void {
    this.keys.records.fill(0);
    this.keys.material.fill(0);
    this.det?.key.fill(0);
    this.opened = new WeakMap();
  }
}

/** Reads through the barrier. */
class SealedView implements RecordReader {
  constructor(
    protected readonly store: SealedStore,
    protected readonly rows: ByteReader,
    protected readonly scope: Scope,
  ) {}

  async get<T = StoredValue>(name: string): Promise<T | undefined> {
    this.scope.check();
    const row = await this.rows.get(name);
    return row === undefined ? undefined : this.store.openValue<T>(name, row);
  }

  async list<T = StoredValue>(prefix: string, opts?: { after?: string; limit?: number }): Promise<StoredRecord<T>[]> {
    this.scope.check();
    const rows = await this.rows.list(prefix, opts);
    return rows.map((r) => ({ name: r.name, value: this.store.openValue<T>(r.name, r.value) }));
  }

  count(prefix: string): Promise<number> {
    this.scope.check();
    return this.rows.count(prefix);
  }

  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array {
    this.scope.check();
    return this.store.unwrapMaterial(aad, wrapped);
  }
}

/** Reads and writes of one transaction through the barrier. */
class SealedTx extends SealedView implements RecordTx {
  constructor(
    store: SealedStore,
    protected override readonly rows: ByteTx,
    scope: Scope,
  ) {
    super(store, rows, scope);
  }

  put(name: string, value: StoredValue): void {
    this.scope.check();
    this.rows.put(name, this.store.sealValue(name, value));
  }

  delete(name: string): void {
    this.scope.check();
    this.rows.delete(name);
  }

  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array {
    this.scope.check();
    return this.store.wrapMaterial(aad, plaintext);
  }
}

/** One opaque error for any failed seal check: never says which byte or check failed. */
export function tampered(label: string, what: string): LocalError {
  return configError(`the keyring ${label} failed an integrity check (${what})`, 'the file was altered or damaged; restore it from a backup');
}
