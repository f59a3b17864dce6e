// KMS's price tables as data (micro-dollars, each number beside its source) and AWS's billing names:
// Region billing codes and usage types. Pure data and lookups: imports nothing of kms's.

/** The five request price buckets of aws.amazon.com/kms/pricing (research audit-pricing.md §A3). */
export type Bucket = 'standard' | 'rsa2048' | 'asymmetric' | 'eccPair' | 'rsaPair';

export const BUCKETS: readonly Bucket[] = ['standard', 'rsa2048', 'asymmetric', 'eccPair', 'rsaPair'];

export interface PriceTable {
  region: string;
  /** ISO date from which the table (the capped rotation rule included) applies */
  effective: string;
  source: string;
  /** one key (or one billed rotation of a key) for one calendar month */
  keyMonthMicros: number;
  requestMicros: Record<Bucket, number>;
  freeRequestsPerMonth: number;
  /** Rotations that add a key-month each; later ones are free (the 2024 rule; the old rule had no cap). */
  billedRotations: number;
}

/** "20,000 requests/month calculated across all regions" [aws.amazon.com/kms/pricing, research §A3]. */
export const FREE_REQUESTS_PER_MONTH = 20_000;

/**
 * The seed README's ap-southeast-2 prices, which the Price List gives for us-east-1 too (research §A4):
 * key $1/month [P1]; requests per 10,000: $0.03 standard and RSA 2048, $0.15 other asymmetric, $0.10 ECC
 * key pair, $12.00 RSA key pair [seed; Price List rates $0.000003, $0.000015, $0.00001, $0.0012 per request,
 * F1/F2]. Rotation: "the first and second rotation of the key adds $1/month … capped at the second
 * rotation" [P1, 2024 rule]. Effective: the day that rule took effect, [unverified]: blogs say 12 April
 * 2024, others "the May 2024 rotation pricing update"; the request and key prices are older.
 */
const SEED = {
  effective: '2024-04-12',
  keyMonthMicros: 1_000_000,
  requestMicros: { standard: 3, rsa2048: 3, asymmetric: 15, eccPair: 10, rsaPair: 1_200 },
  freeRequestsPerMonth: FREE_REQUESTS_PER_MONTH,
  billedRotations: 2,
} as const;

const TABLES: Readonly<Record<string, PriceTable>> = {
  'ap-southeast-2': {
    region: 'ap-southeast-2',
    ...SEED,
    requestMicros: { ...SEED.requestMicros },
    source: 'seed README (ap-southeast-2 prices); aws.amazon.com/kms/pricing; Price List APS2-KMS-* descriptions (research audit-pricing.md §A1-A4)',
  },
  'us-east-1': {
    region: 'us-east-1',
    ...SEED,
    requestMicros: { ...SEED.requestMicros },
    source: 'Price List API, us-east-1 (Infracost golden test, USE1-KMS-* rates), equal to the seed (research audit-pricing.md §A4)',
  },
};

/**
 * The price table of a Region, or undefined where none was sourced: China's Regions are billed in CNY by
 * Sinnet/NWCD and no number was retrievable (research §A4), so their usage stays unpriced, never guessed.
 */
export function priceTable(region: string): PriceTable | undefined {
  return Object.hasOwn(TABLES, region) ? TABLES[region] : undefined;
}

/**
 * AWS Region billing codes, docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html
 * [doc D7] (North America, Africa, Asia Pacific read from the page; the European, Middle East, Israel and
 * South America rows agree with several public maps). KMS's Price List prefixes us-east-1 too (USE1-KMS-*,
 * research §A6), unlike EC2's unprefixed us-east-1 usage types. GovCloud and China: [unverified].
 */
const REGION_CODES: Readonly<Record<string, string>> = {
  'us-east-1': 'USE1', 'us-east-2': 'USE2', 'us-west-1': 'USW1', 'us-west-2': 'USW2',
  'ca-central-1': 'CAN1', 'ca-west-1': 'CAN2', 'mx-central-1': 'MXC1',
  'af-south-1': 'AFS1',
  'ap-east-1': 'APE1', 'ap-east-2': 'APE2', 'ap-northeast-1': 'APN1', 'ap-northeast-2': 'APN2', 'ap-northeast-3': 'APN3',
  'ap-southeast-1': 'APS1', 'ap-southeast-2': 'APS2', 'ap-south-1': 'APS3', 'ap-southeast-3': 'APS4', 'ap-south-2': 'APS5',
  'ap-southeast-4': 'APS6', 'ap-southeast-5': 'APS7', 'ap-southeast-6': 'APS8', 'ap-southeast-7': 'APS9',
  'eu-west-1': 'EU', 'eu-west-2': 'EUW2', 'eu-west-3': 'EUW3', 'eu-central-1': 'EUC1', 'eu-central-2': 'EUC2',
  'eu-north-1': 'EUN1', 'eu-south-1': 'EUS1', 'eu-south-2': 'EUS2',
  'il-central-1': 'ILC1', 'me-south-1': 'MES1', 'me-central-1': 'MEC1', 'sa-east-1': 'SAE1',
  // [unverified]: third-party maps only
  'us-gov-west-1': 'UGW1', 'us-gov-east-1': 'UGE1', 'cn-north-1': 'CNN1', 'cn-northwest-1': 'CNW1',
};

/** AWS's usage-type prefix of a Region (APS2 for ap-southeast-2, EU for eu-west-1); undefined if unknown. */
export function regionCode(region: string): string | undefined {
  return Object.hasOwn(REGION_CODES, region) ? REGION_CODES[region] : undefined;
}

/**
 * Price List usage types of KMS (research §A6, from Price List fixtures [F1, F2]), note `Datakey` with a
 * lower-case k. The issue text's `APS2-KMS-GenerateDatakeyPair-ECC` lacks the `Requests-` the Price List has.
 */
const SUFFIX: Readonly<Record<Bucket | 'keys', string>> = {
  keys: 'KMS-Keys',
  standard: 'KMS-Requests',
  rsa2048: 'KMS-Requests-Asymmetric-RSA_2048',
  asymmetric: 'KMS-Requests-Asymmetric',
  eccPair: 'KMS-Requests-GenerateDatakeyPair-ECC',
  rsaPair: 'KMS-Requests-GenerateDatakeyPair-RSA',
};

/**
 * The usage type of a bucket or of key storage in a Region: APS2-KMS-Requests-Asymmetric, APS2-KMS-Keys….
 * A Region without a known billing code keeps its own name as the prefix (`xx-new-1-KMS-Keys`), so its
 * lines stay apart from every other Region's instead of being dropped.
 */
export function usageType(region: string, what: Bucket | 'keys'): string {
  return `${regionCode(region) ?? region}-${SUFFIX[what]}`;
}
