// The pricing of recorded KMS usage: every oracle of research audit-pricing.md §D (O1–O18), the classifier
// over every operation × key spec, and the rules the oracles do not reach (DAILY vs MONTHLY, proration,
// deletion and rotation, the free tier across Regions, unpriced Regions).
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import {
  bill,
  classify,
  KEYLESS_OPERATIONS,
  PAIR_OPERATIONS,
  priceTable,
  regionCode,
  usageType,
  usd,
  type Bucket,
  type CostLine,
  type CostPeriod,
  type KeyLife,
  type UsageRequest,
} from '../../src/services/ce/pricing/index.js';
import { enumShapes } from '../../src/services/kms/model/shapes-enums.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOV = Date.UTC(2026, 10, 1); // 30 days: 720 h, the month of research §D
const DEC = Date.UTC(2026, 11, 1); // 31 days: 744 h
const JAN = Date.UTC(2027, 0, 1);
const SYD = 'ap-southeast-2';
const IAD = 'us-east-1';
const BJS = 'cn-north-1';

/** Hour `h` of November 2026. */
const at = (h: number): number => NOV + h * HOUR;

/** `n` requests of an operation at one time, in the bucket the classifier gives them. */
function calls(operation: string, keySpec: string | undefined, n: number, o: { pair?: string; region?: string; time?: number } = {}): UsageRequest {
  return { time: o.time ?? at(1), region: o.region ?? SYD, bucket: classify(operation, keySpec, o.pair).bucket, count: n };
}

type Event = KeyLife['events'][number];
const key = (keyId: string, events: Event[], region = SYD): KeyLife => ({ keyId, region, events });
/** A key created ten days before November, with these later events. */
const older = (keyId: string, later: Event[] = [], region = SYD): KeyLife => key(keyId, [{ time: NOV - 10 * DAY, kind: 'created' }, ...later], region);

const november = (requests: UsageRequest[], keys: KeyLife[]): CostPeriod[] => bill(requests, keys, NOV, DEC, 'MONTHLY');
const lines = (periods: CostPeriod[]): CostLine[] => periods.flatMap((p) => p.lines);
const micros = (periods: CostPeriod[]): number => lines(periods).reduce((n, l) => n + (l.micros ?? 0), 0);
const line = (periods: CostPeriod[], type: string): CostLine | undefined => lines(periods).find((l) => l.usageType === type);

describe('research §D oracles (ap-southeast-2 seed prices, November 2026 = 720 h)', () => {
  const SYM = 'SYMMETRIC_DEFAULT';
  const oracles: Array<[string, UsageRequest[], KeyLife[], number, string]> = [
    ['O1 one CMK, 15,000 Encrypt/Decrypt', [calls('Encrypt', SYM, 7_500), calls('Decrypt', SYM, 7_500)], [older('k')], 1_000_000, '1'],
    ['O2 one CMK, 99,000 Decrypt + 1,000 Encrypt', [calls('Decrypt', SYM, 99_000), calls('Encrypt', SYM, 1_000)], [older('k')], 1_240_000, '1.24'],
    ['O3 no CMK, 1,000,000 requests to alias/aws/ebs', [calls('GenerateDataKey', SYM, 500_000), calls('Decrypt', SYM, 500_000, { time: at(300) })], [], 2_940_000, '2.94'],
    ['O4 RSA_2048 SIGN_VERIFY key, 10,000 Sign', [calls('Sign', 'RSA_2048', 10_000)], [older('k')], 1_030_000, '1.03'],
    ['O5 ECC_NIST_P256 key, 10,000 Sign + 10,000 Verify', [calls('Sign', 'ECC_NIST_P256', 10_000), calls('Verify', 'ECC_NIST_P256', 10_000)], [older('k')], 1_300_000, '1.3'],
    ['O6 symmetric key, 10,000 GenerateDataKeyPair RSA_2048', [calls('GenerateDataKeyPair', SYM, 10_000, { pair: 'RSA_2048' })], [older('k')], 13_000_000, '13'],
    ['O7 symmetric key, 10,000 GenerateDataKeyPair ECC_NIST_P256', [calls('GenerateDataKeyPair', SYM, 10_000, { pair: 'ECC_NIST_P256' })], [older('k')], 1_100_000, '1.1'],
    [
      'O8 symmetric + RSA_2048 ENCRYPT_DECRYPT key, 10,000 each',
      [calls('Encrypt', SYM, 10_000), calls('Decrypt', 'RSA_2048', 10_000)],
      [older('sym'), older('rsa')],
      2_030_000,
      '2.03',
    ],
    ['O9 no CMK, 20,001 symmetric requests', Array.from({ length: 20_001 }, (_, i) => calls('Decrypt', SYM, 1, { time: at(0) + i * 60_000 })), [], 3, '0.000003'],
    ['O10 15,000 in ap-southeast-2 + 15,000 in us-east-1', [calls('Decrypt', SYM, 15_000), calls('Decrypt', SYM, 15_000, { region: IAD, time: at(2) })], [], 30_000, '0.03'],
    ['O11 key rotated once before the month', [], [older('k', [{ time: NOV - DAY, kind: 'rotated' }])], 2_000_000, '2'],
    ['O11 key rotated twice before the month', [], [older('k', [1, 2].map((d) => ({ time: NOV - d * HOUR, kind: 'rotated' as const })))], 3_000_000, '3'],
    ['O11 key rotated five times before the month', [], [older('k', [5, 4, 3, 2, 1].map((d) => ({ time: NOV - d * HOUR, kind: 'rotated' as const })))], 3_000_000, '3'],
    ['O12 first rotation at hour 360', [], [older('k', [{ time: at(360), kind: 'rotated' }])], 1_500_000, '1.5'],
    ['O13 key created at hour 360', [], [key('k', [{ time: at(360), kind: 'created' }])], 500_000, '0.5'],
    ['O14 key pending deletion all month', [], [older('k', [{ time: NOV - DAY, kind: 'deletionScheduled' }])], 0, '0'],
    [
      'O14 same, deletion cancelled at hour 719',
      [],
      [older('k', [{ time: NOV - DAY, kind: 'deletionScheduled' }, { time: at(719), kind: 'deletionCancelled' }])],
      1_000_000,
      '1',
    ],
    // KeyLife has no enable/disable events: a disabled key is simply a key that exists
    ['O15 disabled key all month', [], [older('k')], 1_000_000, '1'],
    [
      'O17 5 keys + 3,000,000 symmetric + 50,000 ECC_NIST_P384 Sign',
      [calls('Encrypt', SYM, 1_500_000), calls('Decrypt', SYM, 1_500_000, { time: at(400) }), calls('Sign', 'ECC_NIST_P384', 50_000, { time: at(500) })],
      ['a', 'b', 'c', 'd', 'p384'].map((id) => older(id)),
      14_690_000,
      '14.69',
    ],
    ['O18 one GenerateDataKeyPairWithoutPlaintext RSA_4096, no keys', [calls('GenerateDataKeyPairWithoutPlaintext', SYM, 1, { pair: 'RSA_4096' })], [], 1_200, '0.0012'],
  ];

  it.each(oracles)('%s', (_name, requests, keys, expected, amount) => {
    const periods = november(requests, keys);
    expect(periods.map((p) => [p.start, p.end])).toEqual([[NOV, DEC]]);
    expect(micros(periods)).toBe(expected);
    expect(usd(micros(periods))).toBe(amount);
  });

  it('runs every oracle of §D', () => {
    const numbers = new Set(oracles.map(([name]) => name.split(' ')[0]));
    numbers.add('O16'); // below: its replicas need a third priced Region
    expect([...numbers].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(Array.from({ length: 18 }, (_, i) => `O${i + 1}`));
  });

  it('O16 multi-Region primary + 2 replicas: 3 key-months, each billed (only two Regions have prices)', () => {
    const periods = november([], [older('mrk-1', [], SYD), older('mrk-1', [], IAD), older('mrk-1', [], 'eu-west-1')]);
    expect(lines(periods)).toEqual([
      { usageType: 'APS2-KMS-Keys', region: SYD, quantity: 1, unit: 'Keys', micros: 1_000_000 },
      { usageType: 'EU-KMS-Keys', region: 'eu-west-1', quantity: 1, unit: 'Keys', unpriced: true },
      { usageType: 'USE1-KMS-Keys', region: IAD, quantity: 1, unit: 'Keys', micros: 1_000_000 },
    ]);
    const keyMonths = lines(periods).reduce((n, l) => n + l.quantity, 0);
    expect(usd(keyMonths * priceTable(SYD)!.keyMonthMicros)).toBe('3');
  });

  it('O8, O10, O17 put each amount on its usage type', () => {
    const o8 = november([calls('Encrypt', 'SYMMETRIC_DEFAULT', 10_000), calls('Decrypt', 'RSA_2048', 10_000)], [older('sym'), older('rsa')]);
    expect(line(o8, 'APS2-KMS-Requests')).toMatchObject({ quantity: 10_000, micros: 0, freeQuantity: 10_000 });
    expect(line(o8, 'APS2-KMS-Requests-Asymmetric-RSA_2048')).toEqual({ usageType: 'APS2-KMS-Requests-Asymmetric-RSA_2048', region: SYD, quantity: 10_000, unit: 'Requests', micros: 30_000 });
    expect(line(o8, 'APS2-KMS-Keys')).toMatchObject({ quantity: 2, micros: 2_000_000 });
    // O10: the Sydney requests came first and took the free tier; Virginia's pay for 10,000
    const o10 = november([calls('Decrypt', 'SYMMETRIC_DEFAULT', 15_000), calls('Decrypt', 'SYMMETRIC_DEFAULT', 15_000, { region: IAD, time: at(2) })], []);
    expect(lines(o10).map((l) => [l.usageType, l.quantity, l.freeQuantity, l.micros])).toEqual([
      ['APS2-KMS-Requests', 15_000, 15_000, 0],
      ['USE1-KMS-Requests', 15_000, 5_000, 30_000],
    ]);
    const o17 = november([calls('Encrypt', 'SYMMETRIC_DEFAULT', 3_000_000), calls('Sign', 'ECC_NIST_P384', 50_000)], ['a', 'b', 'c', 'd', 'e'].map((id) => older(id)));
    expect(lines(o17).map((l) => [l.usageType, usd(l.micros!)])).toEqual([
      ['APS2-KMS-Keys', '5'],
      ['APS2-KMS-Requests', '8.94'],
      ['APS2-KMS-Requests-Asymmetric', '0.75'],
    ]);
  });
});

describe('classify', () => {
  // every operation of the KMS API, as src/services/kms/operations/ has them
  const OPERATIONS = [
    'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey', 'Decrypt',
    'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeCustomKeyStores', 'DescribeKey',
    'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey', 'EnableKeyRotation', 'Encrypt', 'GenerateDataKey',
    'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom',
    'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial', 'ListAliases',
    'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'ListRetirableGrants', 'PutKeyPolicy', 'ReEncrypt',
    'ReplicateKey', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'TagResource', 'UntagResource',
    'UpdateAlias', 'UpdateCustomKeyStore', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac',
  ];
  // the bucket of a request naming a key of each KeySpec (research §A3)
  const BY_KEY_SPEC: Record<string, Bucket> = {
    SYMMETRIC_DEFAULT: 'standard', HMAC_224: 'standard', HMAC_256: 'standard', HMAC_384: 'standard', HMAC_512: 'standard',
    RSA_2048: 'rsa2048',
    RSA_3072: 'asymmetric', RSA_4096: 'asymmetric', ECC_NIST_P256: 'asymmetric', ECC_NIST_P384: 'asymmetric', ECC_NIST_P521: 'asymmetric',
    ECC_SECG_P256K1: 'asymmetric', SM2: 'asymmetric', ML_DSA_44: 'asymmetric', ML_DSA_65: 'asymmetric', ML_DSA_87: 'asymmetric',
    ECC_NIST_EDWARDS25519: 'asymmetric',
  };
  // GenerateDataKeyPair(WithoutPlaintext) by KeyPairSpec; Ed25519 and SM2 are this module's decision
  const BY_PAIR_SPEC: Record<string, Bucket> = {
    RSA_2048: 'rsaPair', RSA_3072: 'rsaPair', RSA_4096: 'rsaPair',
    ECC_NIST_P256: 'eccPair', ECC_NIST_P384: 'eccPair', ECC_NIST_P521: 'eccPair', ECC_SECG_P256K1: 'eccPair',
    ECC_NIST_EDWARDS25519: 'eccPair', SM2: 'eccPair',
  };
  const enumOf = (name: string): readonly string[] => {
    const shape = enumShapes[name];
    return shape?.type === 'string' ? (shape.enum ?? []) : [];
  };
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());

  it('knows every KMS operation, KeySpec and DataKeyPairSpec of the model', () => {
    const files = readdirSync(new URL('../../src/services/kms/operations/', import.meta.url)).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(OPERATIONS.map(kebab).sort()).toEqual(files.sort());
    expect(OPERATIONS).toHaveLength(54);
    expect(Object.keys(BY_KEY_SPEC).sort()).toEqual([...enumOf('KeySpec')].sort());
    expect(Object.keys(BY_PAIR_SPEC).sort()).toEqual([...enumOf('DataKeyPairSpec')].sort());
    for (const op of [...KEYLESS_OPERATIONS, ...PAIR_OPERATIONS]) expect(OPERATIONS).toContain(op);
  });

  it('gives every operation × key spec its bucket; free tier for standard only', () => {
    let checked = 0;
    for (const op of OPERATIONS) {
      for (const spec of [...Object.keys(BY_KEY_SPEC), undefined]) {
        const bucket = KEYLESS_OPERATIONS.has(op) || spec === undefined ? 'standard' : BY_KEY_SPEC[spec]!;
        expect([op, spec, classify(op, spec, undefined)]).toEqual([op, spec, { bucket, freeTier: bucket === 'standard' }]);
        checked += 1;
      }
    }
    expect(checked).toBe(54 * 18);
    // the operations that name no key are standard whatever the ledger says of a key
    expect([...KEYLESS_OPERATIONS].sort()).toEqual([
      'ConnectCustomKeyStore', 'CreateCustomKeyStore', 'CreateKey', 'DeleteCustomKeyStore', 'DescribeCustomKeyStores',
      'DisconnectCustomKeyStore', 'GenerateRandom', 'ListKeys', 'ListRetirableGrants', 'UpdateCustomKeyStore',
    ]);
  });

  it('prices a pair request by its KeyPairSpec, never its wrapping key, and never with the free tier', () => {
    let checked = 0;
    for (const op of PAIR_OPERATIONS) {
      for (const pair of Object.keys(BY_PAIR_SPEC)) {
        for (const spec of [...Object.keys(BY_KEY_SPEC), undefined]) {
          expect([op, pair, spec, classify(op, spec, pair)]).toEqual([op, pair, spec, { bucket: BY_PAIR_SPEC[pair], freeTier: false }]);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(2 * 9 * 18);
    // KeyPairSpec on any other operation is not looked at
    expect(classify('Encrypt', 'SYMMETRIC_DEFAULT', 'RSA_4096')).toEqual({ bucket: 'standard', freeTier: true });
    // a pair request without a KeyPairSpec (refused before a pair was made) goes by its key
    expect(classify('GenerateDataKeyPair', 'SYMMETRIC_DEFAULT', undefined)).toEqual({ bucket: 'standard', freeTier: true });
  });

  it('refuses a spec it has no price for, rather than guess', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof KmsError ? [e.code, e.message] : e;
      }
      return 'no error';
    };
    expect(refused(() => classify('Sign', 'ML_KEM_768', undefined))).toEqual([
      'ValidationException',
      expect.stringMatching(/^1 validation error detected: Value 'ML_KEM_768' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[SYMMETRIC_DEFAULT, /),
    ]);
    expect(refused(() => classify('GenerateDataKeyPair', 'SYMMETRIC_DEFAULT', 'ML_DSA_44'))).toEqual(['ValidationException', expect.stringContaining("Value 'ML_DSA_44' at 'keyPairSpec'")]);
    // not fooled by inherited properties
    expect(refused(() => classify('Sign', 'constructor', undefined))).toEqual(['ValidationException', expect.any(String)]);
  });
});

describe('prices and names', () => {
  it('has the seed tables for ap-southeast-2 and us-east-1, none elsewhere', () => {
    for (const region of [SYD, IAD]) {
      expect(priceTable(region)).toMatchObject({
        region,
        keyMonthMicros: 1_000_000,
        requestMicros: { standard: 3, rsa2048: 3, asymmetric: 15, eccPair: 10, rsaPair: 1_200 },
        freeRequestsPerMonth: 20_000,
        billedRotations: 2,
      });
      expect(priceTable(region)!.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(priceTable(region)!.source).not.toBe('');
    }
    for (const region of [BJS, 'cn-northwest-1', 'eu-west-1', 'toString', '']) expect(priceTable(region)).toBeUndefined();
  });

  it('uses AWS Region billing codes', () => {
    const codes = { 'ap-southeast-2': 'APS2', 'us-east-1': 'USE1', 'us-east-2': 'USE2', 'us-west-1': 'USW1', 'us-west-2': 'USW2', 'eu-west-1': 'EU', 'eu-central-1': 'EUC1', 'eu-west-2': 'EUW2', 'ap-northeast-1': 'APN1', 'ap-southeast-1': 'APS1', 'ap-south-1': 'APS3', 'ap-southeast-4': 'APS6', 'ca-central-1': 'CAN1', 'sa-east-1': 'SAE1', 'af-south-1': 'AFS1' };
    for (const [region, code] of Object.entries(codes)) expect([region, regionCode(region)]).toEqual([region, code]);
    expect(regionCode('xx-nowhere-1')).toBeUndefined();
    expect(regionCode('hasOwnProperty')).toBeUndefined();
  });

  it('names usage types as the Price List does', () => {
    expect((['keys', 'standard', 'rsa2048', 'asymmetric', 'eccPair', 'rsaPair'] as const).map((w) => usageType(SYD, w))).toEqual([
      'APS2-KMS-Keys',
      'APS2-KMS-Requests',
      'APS2-KMS-Requests-Asymmetric-RSA_2048',
      'APS2-KMS-Requests-Asymmetric',
      'APS2-KMS-Requests-GenerateDatakeyPair-ECC',
      'APS2-KMS-Requests-GenerateDatakeyPair-RSA',
    ]);
    expect(usageType('eu-west-1', 'keys')).toBe('EU-KMS-Keys');
    expect(usageType('xx-nowhere-1', 'standard')).toBe('xx-nowhere-1-KMS-Requests');
  });

  it('prints amounts as Cost Explorer does', () => {
    expect([0, 3, 1_200, 30_000, 1_000_000, 1_240_000, 14_690_000, 1_888_889, -500_000].map(usd)).toEqual(['0', '0.000003', '0.0012', '0.03', '1', '1.24', '14.69', '1.888889', '-0.5']);
    expect(() => usd(0.5)).toThrow(RangeError);
  });
});

describe('key fees', () => {
  it('prorates by hours over the hours of the calendar month: a 31-day month has 744', () => {
    const dec = (keys: KeyLife[]) => bill([], keys, DEC, JAN, 'MONTHLY');
    expect(micros(dec([older('k')]))).toBe(1_000_000);
    expect(micros(dec([key('k', [{ time: DEC + 372 * HOUR, kind: 'created' }])]))).toBe(500_000);
    // one hour: 1/744 of $1 = 1344.086 µ$
    const hour = dec([key('k', [{ time: DEC + 10 * HOUR, kind: 'created' }, { time: DEC + 10 * HOUR, kind: 'deletionScheduled' }, { time: DEC + 11 * HOUR, kind: 'deletionCancelled' }, { time: DEC + 11 * HOUR, kind: 'deletionScheduled' }])]);
    expect(lines(hour)).toEqual([{ usageType: 'APS2-KMS-Keys', region: SYD, quantity: 1 / 744, unit: 'Keys', micros: 1_344 }]);
    // February 2027: 672 h
    expect(micros(bill([], [key('k', [{ time: Date.UTC(2027, 1, 15), kind: 'created' }])], Date.UTC(2027, 1, 1), Date.UTC(2027, 2, 1), 'MONTHLY'))).toBe(500_000);
  });

  it('counts every clock hour a key was billable in, even in part', () => {
    const brief = key('k', [{ time: at(10) + 30 * 60_000, kind: 'created' }, { time: at(10) + 45 * 60_000, kind: 'deletionScheduled' }, { time: at(10) + 45 * 60_000 + 7 * DAY, kind: 'deleted' }]);
    expect(lines(november([], [brief]))).toMatchObject([{ quantity: 1 / 720, micros: 1_389 }]);
    const across = key('k', [{ time: at(10) + 59 * 60_000, kind: 'created' }, { time: at(11) + 60_000, kind: 'deleted' }]);
    expect(lines(november([], [across]))[0]!.quantity).toBe(2 / 720);
  });

  it('a key created mid-month, scheduled for deletion, cancelled, rotated twice, then thrice', () => {
    const life: Event[] = [
      { time: at(100), kind: 'created' },
      { time: at(200), kind: 'rotated' },
      { time: at(300), kind: 'deletionScheduled' },
      { time: at(400), kind: 'deletionCancelled' },
      { time: at(500), kind: 'rotated' },
    ];
    // key 100→720 (the cancelled wait back-billed) = 620 h; rotation 1: 520 h; rotation 2: 220 h
    const twice = november([], [key('k', life)]);
    expect(lines(twice)).toEqual([{ usageType: 'APS2-KMS-Keys', region: SYD, quantity: 1_360 / 720, unit: 'Keys', micros: 1_888_889 }]);
    const thrice = november([], [key('k', [...life, { time: at(600), kind: 'rotated' }])]);
    expect(lines(thrice)).toEqual(lines(twice));
    // once: 620 + 520 h
    expect(micros(november([], [key('k', life.slice(0, 4))]))).toBe(Math.round((1_140 / 720) * 1e6));
  });

  it('stops billing when deletion is scheduled and not cancelled, and at deletion', () => {
    const scheduled: Event[] = [
      { time: at(100), kind: 'created' },
      { time: at(200), kind: 'rotated' },
      { time: at(300), kind: 'deletionScheduled' },
    ];
    // 200 h of key + 100 h of rotation, whether the trail ends pending or with the deletion
    const pending = november([], [key('k', scheduled)]);
    const deleted = november([], [key('k', [...scheduled, { time: at(468), kind: 'deleted' }])]);
    expect(lines(pending)).toEqual([{ usageType: 'APS2-KMS-Keys', region: SYD, quantity: 300 / 720, unit: 'Keys', micros: 416_667 }]);
    expect(lines(deleted)).toEqual(lines(pending));
    // a rotation after the wait was scheduled and the key deleted adds nothing
    expect(lines(november([], [key('k', [...scheduled, { time: at(350), kind: 'rotated' }, { time: at(468), kind: 'deleted' }])]))).toEqual(lines(pending));
    // deleted directly (no wait): billed to the deletion
    expect(micros(november([], [key('k', [{ time: at(0), kind: 'created' }, { time: at(360), kind: 'deleted' }])]))).toBe(500_000);
    // a cancellation after the month back-bills the month's waiting days
    const wait = older('k', [{ time: at(600), kind: 'deletionScheduled' }]);
    expect(micros(november([], [wait]))).toBe(Math.round((600 / 720) * 1e6));
    expect(micros(november([], [{ ...wait, events: [...wait.events, { time: DEC + 2 * DAY, kind: 'deletionCancelled' }] }]))).toBe(1_000_000);
  });

  it('bills a key whose trail does not open with its creation from the start of the range', () => {
    expect(micros(november([], [key('k', [])]))).toBe(1_000_000);
    expect(micros(november([], [key('k', [{ time: at(360), kind: 'rotated' }])]))).toBe(1_500_000);
  });

  it('splits a month into days by the hours of each day over the hours of the month, summing exactly', () => {
    const days = bill([], [older('k')], NOV, DEC, 'DAILY');
    expect(days).toHaveLength(30);
    expect(days.every((d, i) => d.start === NOV + i * DAY && d.end === d.start + DAY)).toBe(true);
    // 24/720 of $1 = 33,333.33 µ$, rounded cumulatively
    expect(days.slice(0, 3).map((d) => d.lines[0]!.micros)).toEqual([33_333, 33_334, 33_333]);
    expect(days.every((d) => d.lines[0]!.quantity === 24 / 720)).toBe(true);
    expect(micros(days)).toBe(1_000_000);
    const dec = bill([], [older('k')], DEC, JAN, 'DAILY');
    expect(dec[0]!.lines[0]!.quantity).toBe(24 / 744);
    expect(micros(dec)).toBe(1_000_000);
  });
});

describe('the free tier', () => {
  const SYM = 'SYMMETRIC_DEFAULT';

  it('is one pool for all Regions, consumed in time order', () => {
    const periods = november(
      [
        calls('Decrypt', SYM, 5_000, { time: at(3) }),
        calls('Decrypt', SYM, 10_000, { time: at(1) }),
        calls('Encrypt', SYM, 15_000, { region: IAD, time: at(2) }),
      ],
      [],
    );
    // 10,000 Sydney (hour 1) + 10,000 Virginia (hour 2) free; 5,000 Virginia and 5,000 Sydney (hour 3) billed
    expect(lines(periods).map((l) => [l.usageType, l.quantity, l.freeQuantity, l.micros])).toEqual([
      ['APS2-KMS-Requests', 15_000, 10_000, 15_000],
      ['USE1-KMS-Requests', 15_000, 10_000, 15_000],
    ]);
  });

  it('is not touched by asymmetric, RSA 2048 or key pair requests', () => {
    const periods = november(
      [
        calls('Sign', 'ECC_NIST_P256', 30_000, { time: at(0) }),
        calls('Sign', 'RSA_2048', 30_000, { time: at(0) }),
        calls('GenerateDataKeyPair', SYM, 1, { pair: 'ECC_NIST_P256', time: at(0) }),
        calls('GenerateMac', 'HMAC_256', 20_000, { time: at(1) }),
      ],
      [],
    );
    expect(lines(periods).map((l) => [l.usageType, l.micros, l.freeQuantity])).toEqual([
      ['APS2-KMS-Requests', 0, 20_000],
      ['APS2-KMS-Requests-Asymmetric', 450_000, undefined],
      ['APS2-KMS-Requests-Asymmetric-RSA_2048', 90_000, undefined],
      ['APS2-KMS-Requests-GenerateDatakeyPair-ECC', 10, undefined],
    ]);
  });

  it('splits a row at the pool’s end, starts afresh each month, and counts the month’s days before the range', () => {
    const three = bill([calls('Decrypt', SYM, 25_000, { time: at(5) }), calls('Decrypt', SYM, 25_000, { time: DEC + HOUR })], [], NOV, JAN, 'MONTHLY');
    expect(three.map((p) => [p.start, p.end, p.lines[0]!.freeQuantity, p.lines[0]!.micros])).toEqual([
      [NOV, DEC, 20_000, 15_000],
      [DEC, JAN, 20_000, 15_000],
    ]);
    // the range starts on 15 November; the 20,000 of 2 November used the month's pool
    const late = bill([calls('Decrypt', SYM, 20_000, { time: at(24) }), calls('Decrypt', SYM, 10, { time: at(19 * 24) })], [], NOV + 14 * DAY, DEC, 'MONTHLY');
    expect(late.map((p) => [p.start, p.lines])).toEqual([[NOV + 14 * DAY, [{ usageType: 'APS2-KMS-Requests', region: SYD, quantity: 10, unit: 'Requests', micros: 30, freeQuantity: 0 }]]]);
  });

  it('shows on the DAILY lines of the days that used it', () => {
    const days = bill([calls('Decrypt', SYM, 15_000, { time: at(1) }), calls('Decrypt', SYM, 10_000, { time: at(25) })], [], NOV, NOV + 3 * DAY, 'DAILY');
    expect(days.map((d) => d.lines.map((l) => [l.quantity, l.freeQuantity, l.micros]))).toEqual([[[15_000, 15_000, 0]], [[10_000, 5_000, 15_000]], []]);
  });
});

describe('Regions without a price table', () => {
  it('give unpriced lines, and neither use nor share the free tier', () => {
    const periods = november(
      [
        calls('Decrypt', 'SYMMETRIC_DEFAULT', 20_000, { region: BJS, time: at(0) }),
        calls('Sign', 'SM2', 10, { region: BJS, time: at(0) }),
        calls('Decrypt', 'SYMMETRIC_DEFAULT', 20_000, { time: at(1) }),
      ],
      [older('k', [], BJS)],
    );
    expect(lines(periods)).toEqual([
      { usageType: 'APS2-KMS-Requests', region: SYD, quantity: 20_000, unit: 'Requests', micros: 0, freeQuantity: 20_000 },
      { usageType: 'CNN1-KMS-Keys', region: BJS, quantity: 1, unit: 'Keys', unpriced: true },
      { usageType: 'CNN1-KMS-Requests', region: BJS, quantity: 20_000, unit: 'Requests', unpriced: true },
      { usageType: 'CNN1-KMS-Requests-Asymmetric', region: BJS, quantity: 10, unit: 'Requests', unpriced: true },
    ]);
  });
});

describe('periods', () => {
  it('are calendar months or UTC days, cut to the range; usage outside it is left out', () => {
    const start = NOV + 14 * DAY;
    const end = Date.UTC(2027, 0, 10);
    const months = bill([calls('Sign', 'RSA_3072', 1, { time: NOV }), calls('Sign', 'RSA_3072', 1, { time: end })], [older('k')], start, end, 'MONTHLY');
    expect(months.map((p) => [p.start, p.end])).toEqual([[start, DEC], [DEC, JAN], [JAN, end]]);
    expect(months.map((p) => p.lines.map((l) => l.usageType))).toEqual([['APS2-KMS-Keys'], ['APS2-KMS-Keys'], ['APS2-KMS-Keys']]);
    expect(months.map((p) => p.lines[0]!.quantity)).toEqual([384 / 720, 1, 216 / 744]);
  });

  it('refuse a bad range or granularity with ValidationException', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof KmsError ? e.code : e;
      }
      return 'no error';
    };
    expect(code(() => bill([], [], DEC, NOV, 'MONTHLY'))).toBe('ValidationException');
    expect(code(() => bill([], [], NOV, NOV, 'DAILY'))).toBe('ValidationException');
    expect(code(() => bill([], [], NOV + HOUR, DEC, 'DAILY'))).toBe('ValidationException');
    expect(code(() => bill([], [], NOV, Number.NaN, 'DAILY'))).toBe('ValidationException');
    expect(code(() => bill([], [], NOV, DEC, 'HOURLY' as 'DAILY'))).toBe('ValidationException');
    expect(code(() => bill([{ time: at(1), region: SYD, bucket: 'standard', count: 0 }], [], NOV, DEC, 'DAILY'))).toBe('ValidationException');
  });
});

describe('DAILY and MONTHLY agree', () => {
  /** Per month, per usage type and Region: [quantity, micros]. */
  function byMonth(periods: CostPeriod[]): Map<string, [number, number | undefined]> {
    const out = new Map<string, [number, number | undefined]>();
    for (const p of periods) {
      const d = new Date(p.start);
      for (const l of p.lines) {
        const id = `${d.getUTCFullYear()}-${d.getUTCMonth() + 1} ${l.usageType}`;
        const [q, m] = out.get(id) ?? [0, l.unpriced ? undefined : 0];
        out.set(id, [q + l.quantity, m === undefined ? undefined : m + l.micros!]);
      }
    }
    return out;
  }
  function expectAgree(requests: UsageRequest[], keys: KeyLife[], start: number, end: number): void {
    const monthly = byMonth(bill(requests, keys, start, end, 'MONTHLY'));
    const daily = byMonth(bill(requests, keys, start, end, 'DAILY'));
    expect([...daily.keys()].sort()).toEqual([...monthly.keys()].sort());
    for (const [id, [q, m]] of monthly) {
      const [dq, dm] = daily.get(id)!;
      expect([id, dm]).toEqual([id, m]);
      expect(dq).toBeCloseTo(q, 9);
    }
  }

  it('over a month of keys that come, rotate, wait for deletion and go, and requests of every bucket', () => {
    const keys = [
      older('a'),
      key('b', [{ time: at(7.5), kind: 'created' }, { time: at(50.25), kind: 'rotated' }, { time: at(99), kind: 'deletionScheduled' }, { time: at(130), kind: 'deletionCancelled' }, { time: at(400.5), kind: 'rotated' }, { time: at(401), kind: 'rotated' }]),
      key('c', [{ time: at(13.1), kind: 'created' }, { time: at(333.3), kind: 'deletionScheduled' }, { time: at(501), kind: 'deleted' }], IAD),
      older('d', [{ time: at(17), kind: 'rotated' }], BJS),
    ];
    const requests = Array.from({ length: 700 }, (_, i): UsageRequest => ({
      time: at(i) + 17 * 60_000,
      region: [SYD, IAD, BJS][i % 3]!,
      bucket: (['standard', 'standard', 'rsa2048', 'asymmetric', 'eccPair', 'rsaPair'] as const)[i % 6]!,
      count: 97 + (i % 11) * 13,
    }));
    expectAgree(requests, keys, NOV, DEC);
    expect(micros(bill(requests, keys, NOV, DEC, 'DAILY'))).toBe(micros(bill(requests, keys, NOV, DEC, 'MONTHLY')));
  });

  it('for any trail over two months (property)', () => {
    const hour = fc.integer({ min: -300, max: 1_600 }).map((h) => NOV + h * HOUR + (h % 7) * 60_000);
    const kind = fc.constantFrom<Event['kind']>('created', 'deletionScheduled', 'deletionCancelled', 'deleted', 'rotated');
    const life = fc.record({
      region: fc.constantFrom(SYD, IAD, BJS),
      events: fc.array(fc.record({ time: hour, kind }), { maxLength: 8 }).map((es) => es.sort((a, b) => a.time - b.time)),
    });
    const request = fc.record({
      time: hour,
      region: fc.constantFrom(SYD, IAD, BJS),
      bucket: fc.constantFrom<Bucket>('standard', 'rsa2048', 'asymmetric', 'eccPair', 'rsaPair'),
      count: fc.integer({ min: 1, max: 15_000 }),
    });
    fc.assert(
      fc.property(fc.array(life, { maxLength: 5 }), fc.array(request, { maxLength: 30 }), fc.integer({ min: 0, max: 20 }), (lives, requests, from) => {
        const keys = lives.map((l, i) => key(`k${i}`, l.events, l.region));
        expectAgree(requests, keys, NOV + from * DAY, JAN);
      }),
      { numRuns: 60 },
    );
  });
});
