// The engine over its store: the suite really runs on the store its project names, concurrent
// operations are serialised by the store's transactions, a failed one leaves nothing behind, and
// key generation runs before the transaction, not while holding the store's lock.
import { describe, expect, it } from 'vitest';
import { specFor } from '../../src/crypto/families.js';
import type { RecordStore, RecordTx } from '../../src/engine/store.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { AsyncMemoryStore } from '../support/async-store.js';
import { PgTestStore } from '../support/pg-test-store.js';
import { bytes, expectKmsError, makeEnv, TEST_STORE } from './helpers.js';

describe(`the engine suite's store (${TEST_STORE})`, () => {
  it('is the store this run asked for', () => {
    const env = makeEnv();
    expect(env.store).toBeInstanceOf(TEST_STORE === 'pg' ? PgTestStore : TEST_STORE === 'async' ? AsyncMemoryStore : MemoryStore);
    expect(process.env.KMS_TEST_STORE ?? 'sync').toBe(TEST_STORE);
  });

  it('serialises concurrent operations on one key: every tag of ten concurrent TagResource calls stays', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    await Promise.all(Array.from({ length: 10 }, (_, i) => env.run('TagResource', { KeyId, Tags: [{ TagKey: `t${i}`, TagValue: String(i) }] })));
    const tags = (await env.run('ListResourceTags', { KeyId })).Tags as { TagKey: string }[];
    expect(tags.map((t) => t.TagKey).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`).sort());
  });

  it('of ten concurrent CreateAlias calls for one name, exactly one wins', async () => {
    const env = makeEnv();
    const keys = await Promise.all(Array.from({ length: 10 }, () => env.newKey()));
    const results = await Promise.allSettled(keys.map((k) => env.run('CreateAlias', { AliasName: 'alias/race', TargetKeyId: k.KeyId })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('AlreadyExistsException');
  });

  it('a refused operation writes nothing, not even the last-usage record its checks made', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const before = JSON.stringify(await env.records(''));
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x'), DryRun: true }), 'DryRunOperationException');
    expect(JSON.stringify(await env.records(''))).toBe(before);
  });
});

/** A store that counts its open transactions, so a test can see what runs inside one. */
function watched(store: RecordStore): RecordStore & { open: number } {
  const w = {
    open: 0,
    read: store.read.bind(store),
    transaction: <T>(fn: (tx: RecordTx) => Promise<T>) =>
      store.transaction(async (tx) => {
        w.open++;
        try {
          return await fn(tx);
        } finally {
          w.open--;
        }
      }),
  };
  return w;
}

describe('slow work happens outside the write transaction', () => {
  it('CreateKey and GenerateDataKeyPair generate their RSA keys before the transaction opens', async () => {
    const env = makeEnv();
    const store = watched(env.store);
    const info = specFor('RSA_2048', 'aws')!;
    const original = info.generateMaterial;
    const seen: number[] = [];
    info.generateMaterial = (random) => (seen.push(store.open), original(random));
    try {
      const ctx = { ...env.ctx, store };
      const meta = (await env.runIn(ctx, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata as { KeyId: string };
      const sym = await env.newKey();
      await env.runIn(ctx, 'GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec: 'RSA_2048' });
      expect(seen).toEqual([0, 0]);
      expect(meta.KeyId).toBeTruthy();
    } finally {
      info.generateMaterial = original;
    }
  });
});
