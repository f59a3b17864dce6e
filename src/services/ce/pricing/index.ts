// The pricing of recorded KMS usage (prices, buckets, the bill), for Cost Explorer's answers.
// Pure: imports nothing but its own files and errors.ts.

export { BUCKETS, FREE_REQUESTS_PER_MONTH, priceTable, regionCode, usageType, type Bucket, type PriceTable } from './prices.js';
export { KEYLESS_OPERATIONS, PAIR_OPERATIONS, classify } from './classify.js';
export { bill, usd, type CostLine, type CostPeriod, type KeyLife, type UsageRequest } from './bill.js';
