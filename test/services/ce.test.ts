// Cost Explorer's GetCostAndUsage over the usage the audit trail records, through the engine with the
// clock: the oracles of research audit-pricing.md §D (a 30-day month, November 2026: 720 h) made by
// real calls, the answer's shapes (MONTHLY, DAILY, GroupBy, Filter, refusals, unpriced Regions,
// Estimated), and a key's life (created mid-month, deleted, cancelled, rotated) as the clock runs.
//
// Volume: an engine call with the trail costs about 0.4 ms (synchronous store) to 0.9 ms
// (asynchronous store), and RSA signing or RSA pair generation far more, so 100,000 calls (O2) would
// take 40–90 s. Where an oracle needs more than ~15,000 requests, or thousands of RSA operations, a
// share of the calls is made for real and the rest are written into the trail directly, as copies of
// a real call's record (the recorder's own shape, with their own time and ids): see `repeat`.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { service as ce } from '../../src/services/ce/index.js';
import { trailRecorder, type TrailRecord } from '../../src/services/cloudtrail/recorder.js';
import { trailRecordName } from '../../src/services/cloudtrail/records.js';
import { DAY, expectKmsError, makeEnv, type TestEnv } from '../engine/helpers.js';

const ACCOUNT = '111122223333';
const SYD = 'ap-southeast-2';
const IAD = 'us-east-1';
const HOUR = 3_600_000;
/** November 2026: 30 days, 720 h, the month of research §D. */
const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);
/** Before the month: keys that exist "all month" are made then. */
const OCT_31 = NOV - DAY;
/** Hour h of November. */
const at = (h: number): number => NOV + h * HOUR;

type Res = Record<string, unknown>;
interface Metric {
  Amount: string;
  Unit: string;
}
interface Result {
  TimePeriod: { Start: string; End: string };
  Total: Record<string, Metric>;
  Groups: Array<{ Keys: string[]; Metrics: Record<string, Metric> }>;
  Estimated: boolean;
}
interface Answer {
  GroupDefinitions?: Array<{ Type: string; Key: string }>;
  ResultsByTime: Result[];
  DimensionValueAttributes?: Array<{ Value: string; Attributes: Record<string, string> }>;
}

function billEnv(seed: string, region = SYD): TestEnv {
  const env = makeEnv(region, seed, { trail: trailRecorder({ retentionDays: 90 }) });
  env.clock.t = OCT_31;
  return env;
}

async function costs(env: TestEnv, req: Res, ctx: RunContext = env.ctx): Promise<Answer> {
  return (await runOperation(ctx, ce, 'GetCostAndUsage', req)) as unknown as Answer;
}

/** November's bill (the clock moved to 1 December first, when the month is over). */
async function november(env: TestEnv, extra: Res = {}): Promise<Answer> {
  if (env.clock.t < DEC) env.clock.t = DEC;
  return costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost', 'UsageQuantity'], ...extra });
}

/** November's total cost in dollars. */
async function novemberTotal(env: TestEnv): Promise<number> {
  const a = await november(env);
  expect(a.ResultsByTime).toHaveLength(1);
  expect(a.ResultsByTime[0]!.Total.UnblendedCost!.Unit).toBe('USD');
  return Number(a.ResultsByTime[0]!.Total.UnblendedCost!.Amount);
}

/** The groups of one result as {key: {cost, quantity, unit}}. */
function groups(r: Result): Record<string, { cost: number; quantity: number; unit: string }> {
  return Object.fromEntries(
    r.Groups.map((g) => [
      g.Keys.join('|'),
      { cost: Number(g.Metrics.UnblendedCost?.Amount ?? Number.NaN), quantity: Number(g.Metrics.UsageQuantity?.Amount ?? Number.NaN), unit: g.Metrics.UsageQuantity?.Unit ?? '' },
    ]),
  );
}

async function byUsageType(env: TestEnv): Promise<Record<string, { cost: number; quantity: number; unit: string }>> {
  const a = await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
  return groups(a.ResultsByTime[0]!);
}

/** A KMS call `n` times, one every `step` ms from `from`, made for real. */
async function calls(env: TestEnv, n: number, from: number, step: number, op: string, req: Res, ctx?: RunContext): Promise<void> {
  for (let i = 0; i < n; i++) {
    env.clock.t = from + i * step;
    if (ctx) await env.runIn(ctx, op, req);
    else await env.run(op, req);
  }
}

/** The newest stored record of a call (any region). */
async function lastRecord(env: TestEnv, eventName: string): Promise<TrailRecord> {
  const all = await env.records<TrailRecord>(`trail/${ACCOUNT}/`);
  const found = all.filter((r) => r.value.event.eventName === eventName).at(-1);
  expect(found, eventName).toBeDefined();
  return found!.value;
}

let batch = 0;
/**
 * `n` copies of a real call's record, one every `step` ms from `from`, written into the trail as the
 * recorder writes them (its shape, each with its own time, eventID and requestID).
 */
async function repeat(env: TestEnv, template: TrailRecord, n: number, from: number, step: number): Promise<void> {
  const b = (++batch).toString(16).padStart(8, '0');
  const region = template.event.awsRegion;
  await env.tx((ctx) => {
    for (let i = 0; i < n; i++) {
      const time = from + i * step;
      const rec = structuredClone(template);
      rec.event.eventTime = new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      rec.event.eventID = `${b}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      rec.event.requestID = `${b}-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;
      ctx.store.put(trailRecordName(ACCOUNT, region, time, rec.event.eventID), rec);
    }
  });
}

const pt = (): Uint8Array => new Uint8Array(randomBytes(16));

describe('the oracles of research §D, by real calls', () => {
  it('O1: 1 symmetric key all month, 15,000 Encrypt/Decrypt: $1.00 (the free tier covers the requests); 400 real, the rest copies', async () => {
    const env = billEnv('o1');
    const key = await env.newKey();
    const { CiphertextBlob } = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: pt() });
    await calls(env, 200, at(1), 1_000, 'Encrypt', { KeyId: key.KeyId, Plaintext: pt() });
    await calls(env, 200, at(2), 1_000, 'Decrypt', { CiphertextBlob });
    await repeat(env, await lastRecord(env, 'Encrypt'), 7_300, at(24), 60_000);
    await repeat(env, await lastRecord(env, 'Decrypt'), 7_300, at(25), 60_000);
    expect(await novemberTotal(env)).toBeCloseTo(1.0, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Keys']).toEqual({ cost: 1, quantity: 1, unit: 'Keys' });
    expect(lines['APS2-KMS-Requests']).toEqual({ cost: 0, quantity: 15_000, unit: 'Requests' });
  });

  it('O2: 1 key, 99,000 Decrypt + 1,000 Encrypt: $1.24 (80,000 × $0.000003); 1,200 real calls, the rest copies of a real Decrypt', async () => {
    const env = billEnv('o2');
    const key = await env.newKey();
    const { CiphertextBlob } = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: pt() });
    await calls(env, 1_000, at(1), 1_000, 'Encrypt', { KeyId: key.KeyId, Plaintext: pt() });
    await calls(env, 200, at(2), 1_000, 'Decrypt', { CiphertextBlob });
    await repeat(env, await lastRecord(env, 'Decrypt'), 98_800, at(24), 20_000);
    // one answer (each reads 100,000 records): the lines and their sum
    const lines = await byUsageType(env);
    expect(Object.keys(lines).sort()).toEqual(['APS2-KMS-Keys', 'APS2-KMS-Requests']);
    expect(lines['APS2-KMS-Requests']!.quantity).toBe(100_000);
    expect(lines['APS2-KMS-Requests']!.cost).toBeCloseTo(0.24, 6);
    expect(lines['APS2-KMS-Keys']!.cost).toBeCloseTo(1, 6);
    expect(lines['APS2-KMS-Requests']!.cost + lines['APS2-KMS-Keys']!.cost).toBeCloseTo(1.24, 6);
  }, 90_000);

  it('O4: 1 RSA_2048 SIGN_VERIFY key, 10,000 Sign: $1.03 (RSA 2048: $0.03/10k, no free tier); 100 real, the rest copies', async () => {
    const env = billEnv('o4');
    const key = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await calls(env, 100, at(1), 1_000, 'Sign', { KeyId: key.KeyId, Message: pt(), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    await repeat(env, await lastRecord(env, 'Sign'), 9_900, at(24), 60_000);
    expect(await novemberTotal(env)).toBeCloseTo(1.03, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Requests-Asymmetric-RSA_2048']).toEqual({ cost: 0.03, quantity: 10_000, unit: 'Requests' });
    expect(lines['APS2-KMS-Requests']).toBeUndefined();
  });

  it('O6: 1 symmetric key, 10,000 GenerateDataKeyPair RSA_2048: $13.00 (10,000 × $0.0012); 10 real, the rest copies', async () => {
    const env = billEnv('o6');
    const key = await env.newKey();
    await calls(env, 10, at(1), 1_000, 'GenerateDataKeyPair', { KeyId: key.KeyId, KeyPairSpec: 'RSA_2048' });
    await repeat(env, await lastRecord(env, 'GenerateDataKeyPair'), 9_990, at(24), 60_000);
    expect(await novemberTotal(env)).toBeCloseTo(13.0, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Requests-GenerateDatakeyPair-RSA']).toEqual({ cost: 12, quantity: 10_000, unit: 'Requests' });
  });

  it('O7: 1 symmetric key, 10,000 GenerateDataKeyPair ECC_NIST_P256: $1.10 (10,000 × $0.00001); 200 real, the rest copies', async () => {
    const env = billEnv('o7');
    const key = await env.newKey();
    await calls(env, 200, at(1), 1_000, 'GenerateDataKeyPair', { KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    await repeat(env, await lastRecord(env, 'GenerateDataKeyPair'), 9_800, at(24), 60_000);
    expect(await novemberTotal(env)).toBeCloseTo(1.1, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Requests-GenerateDatakeyPair-ECC']).toEqual({ cost: 0.1, quantity: 10_000, unit: 'Requests' });
  });

  it('O8: 1 symmetric + 1 RSA_2048 ENCRYPT_DECRYPT key, 10,000 symmetric + 10,000 RSA Decrypt: $2.03 (RSA skips the free tier)', async () => {
    const env = billEnv('o8');
    const sym = await env.newKey();
    const rsa = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const rsaCt = (await env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: pt(), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).CiphertextBlob;
    await calls(env, 200, at(1), 1_000, 'Encrypt', { KeyId: sym.KeyId, Plaintext: pt() });
    await calls(env, 60, at(2), 1_000, 'Decrypt', { KeyId: rsa.KeyId, CiphertextBlob: rsaCt, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await repeat(env, await lastRecord(env, 'Encrypt'), 9_800, at(24), 60_000);
    await repeat(env, await lastRecord(env, 'Decrypt'), 9_940, at(25), 60_000);
    expect(await novemberTotal(env)).toBeCloseTo(2.03, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Keys']).toEqual({ cost: 2, quantity: 2, unit: 'Keys' });
    expect(lines['APS2-KMS-Requests']).toEqual({ cost: 0, quantity: 10_000, unit: 'Requests' });
    expect(lines['APS2-KMS-Requests-Asymmetric-RSA_2048']).toEqual({ cost: 0.03, quantity: 10_000, unit: 'Requests' });
  });

  it('O3 (scaled): requests to an AWS managed key (alias/aws/s3) are billed, the key is not: 25,000 requests, $0.015', async () => {
    const env = billEnv('o3');
    env.clock.t = NOV;
    // as S3 calls it for the account (the key policy allows kms:ViaService s3)
    const viaS3: RunContext = { ...env.ctx, authorization: { mode: 'enforce', viaService: 's3' } };
    await calls(env, 100, at(1), 1_000, 'Encrypt', { KeyId: 'alias/aws/s3', Plaintext: pt() }, viaS3);
    const managed = ((await env.runIn(viaS3, 'DescribeKey', { KeyId: 'alias/aws/s3' })).KeyMetadata as Res).KeyManager;
    expect(managed).toBe('AWS');
    await repeat(env, await lastRecord(env, 'Encrypt'), 24_899, at(24), 60);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Keys']).toBeUndefined();
    expect(lines['APS2-KMS-Requests']!.quantity).toBe(25_000);
    expect(lines['APS2-KMS-Requests']!.cost).toBeCloseTo(0.015, 6);
  });

  it('O11: rotated before the month once / twice / five times (RotateKeyOnDemand): $2.00 / $3.00 / $3.00 (capped at the second)', async () => {
    const totals: number[] = [];
    for (const n of [1, 2, 5]) {
      const env = billEnv(`o11-${n}`);
      const key = await env.newKey();
      for (let i = 0; i < n; i++) {
        env.clock.advance(HOUR);
        await env.run('RotateKeyOnDemand', { KeyId: key.KeyId });
      }
      expect(((await env.run('ListKeyRotations', { KeyId: key.KeyId })).Rotations as Res[]).length).toBe(n);
      totals.push(await novemberTotal(env));
    }
    expect(totals[0]).toBeCloseTo(2.0, 6);
    expect(totals[1]).toBeCloseTo(3.0, 6);
    expect(totals[2]).toBeCloseTo(3.0, 6);
  });

  it('O12: a key all month, first rotation at hour 360: $1.50 (the surcharge prorated hourly)', async () => {
    const env = billEnv('o12');
    const key = await env.newKey();
    env.clock.t = at(360);
    await env.run('RotateKeyOnDemand', { KeyId: key.KeyId });
    expect(await novemberTotal(env)).toBeCloseTo(1.5, 6);
  });

  it('O13: a key created at hour 360: $0.50 (360 of 720 h)', async () => {
    const env = billEnv('o13');
    env.clock.t = at(360);
    await env.newKey();
    expect(await novemberTotal(env)).toBeCloseTo(0.5, 6);
    const lines = await byUsageType(env);
    expect(lines['APS2-KMS-Keys']).toEqual({ cost: 0.5, quantity: 0.5, unit: 'Keys' });
  });

  it('O14: PendingDeletion all month: $0.00; the same, deletion cancelled at hour 719: $1.00 (billed as though never scheduled)', async () => {
    const pending = billEnv('o14a');
    const a = await pending.newKey();
    pending.clock.t = NOV;
    await pending.run('ScheduleKeyDeletion', { KeyId: a.KeyId, PendingWindowInDays: 30 });
    expect(await novemberTotal(pending)).toBeCloseTo(0, 6);
    // the waiting period ends on 1 December: KMS deletes the key then; November's bill stays nil
    await pending.run('ListKeys', {});
    expect((await pending.records<TrailRecord>(`trail/${ACCOUNT}/${SYD}/`)).some((r) => r.value.event.eventName === 'DeleteKey')).toBe(true);
    expect(await novemberTotal(pending)).toBeCloseTo(0, 6);

    const cancelled = billEnv('o14b');
    const b = await cancelled.newKey();
    cancelled.clock.t = NOV;
    await cancelled.run('ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 30 });
    cancelled.clock.t = at(719);
    await cancelled.run('CancelKeyDeletion', { KeyId: b.KeyId });
    expect(await novemberTotal(cancelled)).toBeCloseTo(1.0, 6);
  });

  it('O15: a disabled key all month: $1.00', async () => {
    const env = billEnv('o15');
    const key = await env.newKey();
    await env.run('DisableKey', { KeyId: key.KeyId });
    expect(await novemberTotal(env)).toBeCloseTo(1.0, 6);
  });

  it('O16: a multi-Region primary and 2 replicas (ReplicateKey) all month: one key-month each', async () => {
    const env = billEnv('o16');
    const primary = await env.newKey({ MultiRegion: true });
    await env.run('ReplicateKey', { KeyId: primary.KeyId, ReplicaRegion: IAD });
    await env.run('ReplicateKey', { KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1' });
    const a = await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }] });
    const g = groups(a.ResultsByTime[0]!);
    expect(g[SYD]).toEqual({ cost: 1, quantity: 1, unit: 'Keys' });
    expect(g[IAD]).toEqual({ cost: 1, quantity: 1, unit: 'Keys' });
    // each replica is a key-month; eu-west-1 has no price table in kms (research §A4 sourced Sydney
    // and N. Virginia only), so its key-month is counted and said to be unpriced
    expect(g['eu-west-1']).toMatchObject({ quantity: 1, unit: 'Keys' });
    const total = await novemberTotal(env);
    const euPriced = a.DimensionValueAttributes?.some((d) => d.Value === 'eu-west-1') !== true;
    expect(total).toBeCloseTo(euPriced ? 3.0 : 2.0, 6);
    const byType = await byUsageType(env);
    expect(byType['APS2-KMS-Keys']!.quantity).toBe(1);
    expect(byType['USE1-KMS-Keys']!.quantity).toBe(1);
    expect(byType['EU-KMS-Keys']!.quantity).toBe(1);
  });
});

describe('GetCostAndUsage', () => {
  /** Three keys all month in Sydney, one in N. Virginia; requests of each bucket in the first days. */
  async function world(): Promise<TestEnv> {
    const env = billEnv('shapes');
    const sym = await env.newKey();
    await env.newKey();
    const rsa = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const ecc = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await env.runIn(env.inRegion(IAD), 'CreateKey', {});
    // 1 November: 30 symmetric (free), 10 RSA 2048 signatures
    await calls(env, 30, at(1), 1_000, 'Encrypt', { KeyId: sym.KeyId, Plaintext: pt() });
    await calls(env, 10, at(2), 1_000, 'Sign', { KeyId: rsa.KeyId, Message: pt(), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    // 2 November: 20 ECC signatures, 5 ECC pairs, 2 RSA pairs
    await calls(env, 20, at(25), 1_000, 'Sign', { KeyId: ecc.KeyId, Message: pt(), SigningAlgorithm: 'ECDSA_SHA_256' });
    await calls(env, 5, at(26), 1_000, 'GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    await calls(env, 2, at(27), 1_000, 'GenerateDataKeyPairWithoutPlaintext', { KeyId: sym.KeyId, KeyPairSpec: 'RSA_2048' });
    // 3 November: 7 calls in N. Virginia
    await calls(env, 7, at(49), 1_000, 'ListKeys', {}, env.inRegion(IAD));
    return env;
  }

  it('no GroupBy: Total with UnblendedCost and UsageQuantity, no groups', async () => {
    const env = await world();
    const a = await november(env);
    expect(a).not.toHaveProperty('GroupDefinitions');
    expect(a.ResultsByTime).toHaveLength(1);
    const r = a.ResultsByTime[0]!;
    expect(r.TimePeriod).toEqual({ Start: '2026-11-01', End: '2026-12-01' });
    expect(r.Groups).toEqual([]);
    expect(Object.keys(r.Total).sort()).toEqual(['UnblendedCost', 'UsageQuantity']);
    // 5 keys; 10 × 3 µ$ + 20 × 15 µ$ + 5 × 10 µ$ + 2 × 1200 µ$ (the 37 standard ones free)
    expect(Number(r.Total.UnblendedCost!.Amount)).toBeCloseTo(5 + 0.00003 + 0.0003 + 0.00005 + 0.0024, 6);
    expect(r.Total.UnblendedCost!.Unit).toBe('USD');
    // keys and requests are different units
    expect(r.Total.UsageQuantity!.Unit).toBe('N/A');
    expect(r.Estimated).toBe(false);
  });

  it('GroupBy USAGE_TYPE: the APS2-/USE1-KMS-* usage types', async () => {
    const env = await world();
    const a = await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
    expect(a.GroupDefinitions).toEqual([{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }]);
    expect(a.ResultsByTime[0]!.Total).toEqual({});
    const g = groups(a.ResultsByTime[0]!);
    expect(g).toEqual({
      'APS2-KMS-Keys': { cost: 4, quantity: 4, unit: 'Keys' },
      'APS2-KMS-Requests': { cost: 0, quantity: 30, unit: 'Requests' },
      'APS2-KMS-Requests-Asymmetric-RSA_2048': { cost: 0.00003, quantity: 10, unit: 'Requests' },
      'APS2-KMS-Requests-Asymmetric': { cost: 0.0003, quantity: 20, unit: 'Requests' },
      'APS2-KMS-Requests-GenerateDatakeyPair-ECC': { cost: 0.00005, quantity: 5, unit: 'Requests' },
      'APS2-KMS-Requests-GenerateDatakeyPair-RSA': { cost: 0.0024, quantity: 2, unit: 'Requests' },
      'USE1-KMS-Keys': { cost: 1, quantity: 1, unit: 'Keys' },
      'USE1-KMS-Requests': { cost: 0, quantity: 7, unit: 'Requests' },
    });
  });

  it('GroupBy REGION, and Filter on REGION', async () => {
    const env = await world();
    const a = await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }] });
    const g = groups(a.ResultsByTime[0]!);
    expect(Object.keys(g).sort()).toEqual([SYD, IAD]);
    expect(g[SYD]!.cost).toBeCloseTo(4.00278, 6);
    expect(g[IAD]!.cost).toBeCloseTo(1, 6);
    const only = await november(env, { Filter: { Dimensions: { Key: 'REGION', Values: [IAD] } }, GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
    expect(groups(only.ResultsByTime[0]!)).toEqual({
      'USE1-KMS-Keys': { cost: 1, quantity: 1, unit: 'Keys' },
      'USE1-KMS-Requests': { cost: 0, quantity: 7, unit: 'Requests' },
    });
    const total = await november(env, { Filter: { Dimensions: { Key: 'REGION', Values: [SYD] } } });
    expect(Number(total.ResultsByTime[0]!.Total.UnblendedCost!.Amount)).toBeCloseTo(4.00278, 6);
  });

  it('DAILY: one result a day, the key fee a day at a time, the days summing to the month', async () => {
    const env = await world();
    env.clock.t = DEC;
    const a = await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-11-04' }, Granularity: 'DAILY', Metrics: ['UnblendedCost', 'UsageQuantity'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
    expect(a.ResultsByTime.map((r) => r.TimePeriod)).toEqual([
      { Start: '2026-11-01', End: '2026-11-02' },
      { Start: '2026-11-02', End: '2026-11-03' },
      { Start: '2026-11-03', End: '2026-11-04' },
    ]);
    const [d1, d2, d3] = a.ResultsByTime.map(groups);
    expect(d1!['APS2-KMS-Keys']!.cost).toBeCloseTo(4 / 30, 6);
    expect(d1!['APS2-KMS-Requests']!.quantity).toBe(30);
    expect(d1!['APS2-KMS-Requests-Asymmetric-RSA_2048']!.quantity).toBe(10);
    expect(d1!['APS2-KMS-Requests-Asymmetric']).toBeUndefined();
    expect(d2!['APS2-KMS-Requests-Asymmetric']!.quantity).toBe(20);
    expect(d2!['APS2-KMS-Requests-GenerateDatakeyPair-RSA']!.cost).toBeCloseTo(0.0024, 6);
    expect(d3!['USE1-KMS-Requests']!.quantity).toBe(7);
    expect(d3!['USE1-KMS-Keys']!.cost).toBeCloseTo(1 / 30, 6);
    // a month of days sums to the month
    const days = await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    expect(days.ResultsByTime).toHaveLength(30);
    const sum = days.ResultsByTime.reduce((n, r) => n + Math.round(Number(r.Total.UnblendedCost!.Amount) * 1e6), 0);
    const month = await november(env);
    expect(sum).toBe(Math.round(Number(month.ResultsByTime[0]!.Total.UnblendedCost!.Amount) * 1e6));
  });

  it('MONTHLY over two months: one result a month, cut to the range', async () => {
    const env = await world();
    env.clock.t = Date.UTC(2027, 0, 1);
    const a = await costs(env, { TimePeriod: { Start: '2026-11-15', End: '2027-01-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
    expect(a.ResultsByTime.map((r) => r.TimePeriod)).toEqual([{ Start: '2026-11-15', End: '2026-12-01' }, { Start: '2026-12-01', End: '2027-01-01' }]);
    // 16 of November's 30 days; all of December
    expect(groups(a.ResultsByTime[0]!)['APS2-KMS-Keys']!.cost).toBeCloseTo((4 * 16) / 30, 6);
    expect(groups(a.ResultsByTime[1]!)['APS2-KMS-Keys']!.cost).toBeCloseTo(4, 6);
    expect(a.ResultsByTime.every((r) => r.Estimated === false)).toBe(true);
  });

  it('refusals: Start not before End, HOURLY', async () => {
    const env = await world();
    for (const TimePeriod of [{ Start: '2026-11-01', End: '2026-11-01' }, { Start: '2026-11-02', End: '2026-11-01' }]) {
      await expectKmsError(costs(env, { TimePeriod, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] }), 'ValidationException', 'Start date (and hour) should be before end date (and hour)');
    }
    await expectKmsError(costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Granularity: 'HOURLY', Metrics: ['UnblendedCost'] }), 'ValidationException');
  });

  it('Estimated: true while the period is not over, false once it is; the bill so far follows the clock', async () => {
    const env = billEnv('estimated');
    await env.newKey();
    env.clock.t = at(240);
    const mid = await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    expect(mid.ResultsByTime[0]!.Estimated).toBe(true);
    // a third of the month so far
    expect(Number(mid.ResultsByTime[0]!.Total.UnblendedCost!.Amount)).toBeCloseTo(1 / 3, 6);
    const daily = await costs(env, { TimePeriod: { Start: '2026-11-09', End: '2026-11-13' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    // 10 November ended at the clock's time: over
    expect(daily.ResultsByTime.map((r) => r.Estimated)).toEqual([false, false, true, true]);
    env.clock.t = DEC;
    const over = await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    expect(over.ResultsByTime[0]!.Estimated).toBe(false);
    expect(Number(over.ResultsByTime[0]!.Total.UnblendedCost!.Amount)).toBeCloseTo(1, 6);
  });

  it('a cn-north-1 key: its usage counted, not priced, and DimensionValueAttributes says so; its requests use no free tier', async () => {
    const env = await world();
    const bjs = env.inRegion('cn-north-1');
    env.clock.t = at(100);
    const key = (await env.runIn(bjs, 'CreateKey', {})).KeyMetadata as Res;
    expect(key.Arn).toMatch(/^arn:aws-cn:kms:cn-north-1:/);
    await calls(env, 12, at(101), 1_000, 'Encrypt', { KeyId: key.KeyId, Plaintext: pt() }, bjs);
    const a = await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }] });
    const g = groups(a.ResultsByTime[0]!);
    expect(g['cn-north-1']).toBeDefined();
    expect(g['cn-north-1']!.cost).toBe(0);
    expect(a.DimensionValueAttributes).toEqual([{ Value: 'cn-north-1', Attributes: expect.any(Object) }]);
    const text = Object.values(a.DimensionValueAttributes![0]!.Attributes).join(' ');
    expect(text).toMatch(/cn-north-1/);
    expect(text).toMatch(/not|no /i);
    const byType = groups((await november(env, { GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] })).ResultsByTime[0]!);
    const bjsKeys = Object.entries(byType).filter(([k]) => k.endsWith('-KMS-Keys') && !k.startsWith('APS2') && !k.startsWith('USE1'));
    expect(bjsKeys).toHaveLength(1);
    expect(bjsKeys[0]![1].quantity).toBeCloseTo((720 - 100) / 720, 6);
    // its CreateKey and 12 Encrypt
    const bjsRequests = Object.entries(byType).filter(([k]) => k.endsWith('-KMS-Requests') && !k.startsWith('APS2') && !k.startsWith('USE1'));
    expect(bjsRequests.map(([, v]) => v.quantity)).toEqual([13]);
    expect(bjsRequests[0]![1].cost).toBe(0);
    // the priced Regions' bill is unchanged by it
    expect(g[SYD]!.cost).toBeCloseTo(4.00278, 6);
    expect(g[IAD]!.cost).toBeCloseTo(1, 6);
    // with the Region filtered out, nothing is said about it
    const sydOnly = await november(env, { Filter: { Dimensions: { Key: 'REGION', Values: [SYD] } } });
    expect(sydOnly.DimensionValueAttributes ?? []).toEqual([]);
  });

  it('calls of Cost Explorer, CloudTrail and IAM are not KMS requests', async () => {
    const env = billEnv('other-services');
    await env.newKey();
    env.clock.t = at(10);
    for (let i = 0; i < 5; i++) await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
    const lines = await byUsageType(env);
    expect(Object.keys(lines)).toEqual(['APS2-KMS-Keys']);
  });
});

describe('a key\'s life: the bill follows the clock', () => {
  it('created mid-month; one deleted (its waiting period over), one cancelled, one rotated twice', async () => {
    const env = billEnv('life');
    env.clock.t = at(96); // 5 November
    const a = await env.newKey({ Description: 'deleted' });
    const b = await env.newKey({ Description: 'cancelled' });
    const c = await env.newKey({ Description: 'rotated' });
    env.clock.t = at(216); // 10 November
    await env.run('ScheduleKeyDeletion', { KeyId: a.KeyId, PendingWindowInDays: 7 });
    await env.run('ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 30 });

    const keyFee = async (): Promise<number> => {
      const r = await costs(env, { TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
      return groups(r.ResultsByTime[0]!)['APS2-KMS-Keys']?.cost ?? 0;
    };
    // 12 November: a and b billed until their deletion was scheduled (120 h each), c 168 h so far
    env.clock.t = at(264);
    expect(await keyFee()).toBeCloseTo((120 + 120 + 168) / 720, 6);
    env.clock.t = at(336); // 15 November
    await env.run('RotateKeyOnDemand', { KeyId: c.KeyId });
    // 17 November: a's waiting period ends; listing the keys makes KMS delete it (a DeleteKey service event)
    env.clock.t = at(400);
    await env.run('ListKeys', {});
    const deleted = (await env.records<TrailRecord>(`trail/${ACCOUNT}/${SYD}/`)).map((r) => r.value).filter((r) => r.event.eventName === 'DeleteKey');
    expect(deleted.map((r) => r.usage?.key?.keyId)).toEqual([a.KeyId]);
    expect(deleted[0]!.event.eventTime).toBe(new Date(at(384)).toISOString().replace('.000Z', 'Z'));
    // 20 November: b's deletion cancelled: billed as though it had never been scheduled
    env.clock.t = at(456);
    await env.run('CancelKeyDeletion', { KeyId: b.KeyId });
    // 22 November: a 120 h; b from the 5th (408 h); c 408 h + its rotation of the 15th (168 h)
    env.clock.t = at(504);
    expect(await keyFee()).toBeCloseTo((120 + 408 + 408 + 168) / 720, 6);
    // 25 November: c's second rotation
    env.clock.t = at(576);
    await env.run('RotateKeyOnDemand', { KeyId: c.KeyId });
    // 1 December: a 120 h; b 624 h; c 624 + 384 + 144 h
    env.clock.t = DEC;
    expect(await keyFee()).toBeCloseTo((120 + 624 + 624 + 384 + 144) / 720, 6);
    // a third rotation adds nothing
    await env.run('RotateKeyOnDemand', { KeyId: c.KeyId });
    expect(await keyFee()).toBeCloseTo((120 + 624 + 624 + 384 + 144) / 720, 6);
    // December: a gone, b (disabled after the cancellation) and c with both billed rotations
    env.clock.t = Date.UTC(2027, 0, 1);
    const dec = await costs(env, { TimePeriod: { Start: '2026-12-01', End: '2027-01-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] });
    expect(groups(dec.ResultsByTime[0]!)['APS2-KMS-Keys']!.cost).toBeCloseTo(1 + 3, 6);
  });

  it('an automatic rotation (EnableKeyRotation, 90 days) starts its surcharge when it falls due', async () => {
    const env = billEnv('auto');
    env.clock.t = Date.UTC(2026, 7, 3); // 3 August: due 1 November
    const key = await env.newKey();
    await env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const due = ((await env.run('GetKeyRotationStatus', { KeyId: key.KeyId })).NextRotationDate as Date).getTime();
    expect(due).toBe(NOV);
    // noticed on 16 November, due on the 1st
    env.clock.t = at(360);
    await env.run('DescribeKey', { KeyId: key.KeyId });
    expect(await novemberTotal(env)).toBeCloseTo(2, 6);
  });

  it('a key made long before the trail\'s retention (90 days) is still billed', async () => {
    const env = billEnv('old');
    env.clock.t = Date.UTC(2026, 5, 1); // 1 June
    await env.newKey();
    // November: calls in the key's Region come, and the trail drops what is older than 90 days
    env.clock.t = at(10);
    await env.run('ListKeys', {});
    env.clock.t = at(20);
    await env.run('ListKeys', {});
    expect(await novemberTotal(env)).toBeCloseTo(1, 6);
  });
});
