// ListKeys, ListAliases and ListGrants read one page from the store, not the region: paging through
// thousands of keys returns each once in order, a page reads O(Limit) records (a counting store
// proves it), keys past their deletion date are dropped as the pages meet them, and markers keep
// the format they had (base64url of the last item's sort key).
import { describe, expect, it } from 'vitest';
import type { RecordReader, RecordStore, RecordTx } from '../../src/engine/store.js';
import { PREDEFINED_ALIAS_SERVICES } from '../../src/services/kms/keys/aws-managed.js';
import { encodeMarker } from '../../src/services/kms/requests.js';
import { DAY, expectKmsError, makeEnv, type TestEnv } from '../engine/helpers.js';

/** ListAliases' predefined alias/aws/* names, in name order (before alias/k…). */
const PREDEFINED = PREDEFINED_ALIAS_SERVICES.map((s) => `alias/aws/${s}`).sort();

/** A store that counts the records its readers hand out: one per `get`, one per row `list` returns. */
function counting(store: RecordStore): RecordStore & { reads: number } {
  const w = { reads: 0 } as RecordStore & { reads: number };
  const reader = <R extends RecordReader>(r: R): R =>
    new Proxy(r, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'get') return async (name: string) => (w.reads++, target.get(name));
        if (prop === 'list') {
          return async (prefix: string, opts?: { after?: string; limit?: number }) => {
            const rows = await target.list(prefix, opts);
            w.reads += rows.length;
            return rows;
          };
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  w.transaction = <T>(fn: (tx: RecordTx) => Promise<T>) => store.transaction((tx) => fn(reader(tx)));
  w.read = <T>(fn: (r: RecordReader) => Promise<T>) => store.read((r) => fn(reader(r)));
  return w;
}

/** Every page of `op` (Limit `limit`), checking Truncated and NextMarker on each; the pages' items. */
async function pages(env: TestEnv, op: string, member: string, limit: number, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>[][]> {
  const out: Record<string, unknown>[][] = [];
  let marker: unknown;
  do {
    const p = await env.run(op, { ...extra, Limit: limit, ...(marker === undefined ? {} : { Marker: marker }) });
    expect(p.Truncated).toBe(p.NextMarker !== undefined);
    if (!p.Truncated) expect(p).not.toHaveProperty('NextMarker');
    out.push(p[member] as Record<string, unknown>[]);
    marker = p.NextMarker;
  } while (marker !== undefined);
  return out;
}

/** `n` keys, each with the alias `alias/k<index, 5 digits>`; their key ids, created in the order of their aliases. */
async function keysWithAliases(env: TestEnv, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { KeyId } = await env.newKey();
    await env.run('CreateAlias', { AliasName: `alias/k${String(i).padStart(5, '0')}`, TargetKeyId: KeyId });
    ids.push(KeyId as string);
  }
  return ids;
}

describe('paging through many keys', () => {
  it('2,500 keys with Limit 100: ListKeys and ListAliases return each once, in order, in 25 pages', async () => {
    const env = makeEnv();
    const ids = await keysWithAliases(env, 2500);
    await env.runIn(env.inRegion('eu-west-1'), 'CreateKey', {});
    const keyPages = await pages(env, 'ListKeys', 'Keys', 100);
    expect(keyPages.map((p) => p.length)).toEqual(Array(25).fill(100));
    expect(keyPages.flat().map((k) => k.KeyId)).toEqual([...ids].sort());
    // the predefined alias/aws/* names (no target) sort before alias/k…: 2,514 entries in 26 pages
    const aliasPages = await pages(env, 'ListAliases', 'Aliases', 100);
    expect(aliasPages.map((p) => p.length)).toEqual([...Array(25).fill(100), PREDEFINED.length]);
    const aliases = aliasPages.flat();
    expect(aliases.map((a) => a.AliasName)).toEqual([...PREDEFINED, ...ids.map((_, i) => `alias/k${String(i).padStart(5, '0')}`)]);
    expect(aliases.map((a) => a.TargetKeyId)).toEqual([...PREDEFINED.map(() => undefined), ...ids]);
  });

  it('a page reads O(Limit) records however many keys the region holds', async () => {
    const env = makeEnv();
    await keysWithAliases(env, 1200);
    const store = counting(env.store);
    const ctx = { ...env.ctx, store };
    const readsOf = async (op: string, req: Record<string, unknown>) => {
      store.reads = 0;
      const res = await env.runIn(ctx, op, req);
      return { res, reads: store.reads };
    };
    let marker: unknown;
    for (let page = 0; page < 12; page++) {
      const { res, reads } = await readsOf('ListKeys', { Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
      expect((res.Keys as unknown[]).length).toBe(100);
      // 101 key records (the page and one more to tell Truncated), and a few of the call's own
      expect(reads).toBeLessThanOrEqual(101 + 10);
      marker = res.NextMarker;
    }
    expect(marker).toBeUndefined();
    const small = await readsOf('ListKeys', { Limit: 5 });
    expect(small.reads).toBeLessThanOrEqual(6 + 10);
    // ListAliases: the alias records and each alias's key (one read per key)
    const aliasPage = await readsOf('ListAliases', { Limit: 100, Marker: encodeMarker('alias/k00500') });
    expect((aliasPage.res.Aliases as { AliasName: string }[])[0]!.AliasName).toBe('alias/k00501');
    expect(aliasPage.reads).toBeLessThanOrEqual(2 * 101 + 10);
  });

  it('keys past their deletion date drop out of the pages they would be on, and are purged then', async () => {
    const env = makeEnv();
    const ids = await keysWithAliases(env, 30);
    const sorted = [...ids].sort();
    const doomed = new Set([sorted[0]!, sorted[4]!, sorted[5]!, sorted[6]!, sorted[29]!]);
    for (const KeyId of doomed) await env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY);
    const keyPages = await pages(env, 'ListKeys', 'Keys', 5);
    expect(keyPages.map((p) => p.length)).toEqual([5, 5, 5, 5, 5]);
    expect(keyPages.flat().map((k) => k.KeyId)).toEqual(sorted.filter((id) => !doomed.has(id)));
    for (const id of doomed) expect(await env.record(`key/us-east-1/${id}`)).toBeUndefined();
    expect(await env.count('alias/us-east-1/')).toBe(25);
    const aliases = (await pages(env, 'ListAliases', 'Aliases', 7)).flat().slice(PREDEFINED.length);
    expect(aliases.map((a) => a.TargetKeyId)).toEqual(ids.filter((id) => !doomed.has(id)));
  });

  it('ListAliases drops the aliases of a key past its deletion date even before ListKeys met it', async () => {
    const env = makeEnv();
    const ids = await keysWithAliases(env, 6);
    await env.run('ScheduleKeyDeletion', { KeyId: ids[2], PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY);
    // resume after the predefined alias/aws/* names, which sort first
    const p1 = await env.run('ListAliases', { Limit: 3, Marker: encodeMarker(PREDEFINED[PREDEFINED.length - 1]!) });
    expect((p1.Aliases as { AliasName: string }[]).map((a) => a.AliasName)).toEqual(['alias/k00000', 'alias/k00001', 'alias/k00003']);
    expect(p1.NextMarker).toBe(encodeMarker('alias/k00003'));
    expect(await env.record(`key/us-east-1/${ids[2]}`)).toBeUndefined();
  });

  it('ListAliases with KeyId pages that key’s aliases out of many others', async () => {
    const env = makeEnv();
    await keysWithAliases(env, 600);
    const { KeyId } = await env.newKey();
    const mine = ['alias/a-first', 'alias/k00300x', 'alias/zz-last'];
    for (const AliasName of mine) await env.run('CreateAlias', { AliasName, TargetKeyId: KeyId });
    const got = await pages(env, 'ListAliases', 'Aliases', 1, { KeyId });
    expect(got.map((p) => p.map((a) => a.AliasName))).toEqual(mine.map((m) => [m]));
    expect(got.flat().every((a) => a.TargetKeyId === KeyId)).toBe(true);
  });
});

describe('markers', () => {
  it('are base64url of the last KeyId / AliasName, as before: a marker made that way resumes the listing', async () => {
    const env = makeEnv();
    const ids = (await keysWithAliases(env, 5)).sort();
    const first = await env.run('ListKeys', { Limit: 2 });
    expect(first.NextMarker).toBe(encodeMarker(ids[1]!));
    const rest = await env.run('ListKeys', { Marker: encodeMarker(ids[2]!) });
    expect((rest.Keys as { KeyId: string }[]).map((k) => k.KeyId)).toEqual(ids.slice(3));
    const aliases = await env.run('ListAliases', { Limit: PREDEFINED.length + 4 });
    expect(aliases.NextMarker).toBe(encodeMarker('alias/k00003'));
    // a marker naming an item that no longer exists still resumes after it
    const after = await env.run('ListAliases', { Marker: encodeMarker('alias/k00001x') });
    expect((after.Aliases as { AliasName: string }[]).map((a) => a.AliasName)).toEqual(['alias/k00002', 'alias/k00003', 'alias/k00004']);
  });

  it('anything not issued is InvalidMarkerException', async () => {
    const env = makeEnv();
    await env.newKey();
    for (const Marker of ['garbage!', encodeMarker('not-a-key-id'), 'YQ==']) await expectKmsError(env.run('ListKeys', { Marker }), 'InvalidMarkerException', 'Invalid marker');
    for (const Marker of ['bad marker', encodeMarker('k00001')]) await expectKmsError(env.run('ListAliases', { Marker }), 'InvalidMarkerException', 'Invalid marker');
  });
});
