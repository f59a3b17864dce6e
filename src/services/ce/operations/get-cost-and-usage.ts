// GetCostAndUsage: what the KMS usage in the trail would cost on AWS, per month or day, in total or
// grouped by usage type or region, in Cost Explorer's shape. The service is "AWS Key Management
// Service" alone: kms runs no other billable service.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { readLedger } from '../ledger.js';
import { bill, usd, type CostLine } from '../pricing/index.js';

/** How Cost Explorer names the service (its SERVICE dimension). */
export const KMS_SERVICE = 'AWS Key Management Service';

interface Request {
  TimePeriod: { Start: string; End: string };
  Granularity: string;
  Metrics: string[];
  GroupBy?: Array<{ Type?: string; Key?: string }>;
  Filter?: Record<string, unknown>;
  NextPageToken?: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function date(text: string): number {
  const t = DAY_PATTERN.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t)) throw new KmsError('ValidationException', `Invalid date format: ${text}; expected YYYY-MM-DD.`);
  return t;
}

const METRICS = new Set(['UnblendedCost', 'BlendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost', 'UsageQuantity', 'NormalizedUsageAmount']);
/** The dimensions a KMS line has; the others group everything under one empty key. */
const DIMENSIONS: Readonly<Record<string, (l: CostLine) => string>> = {
  USAGE_TYPE: (l) => l.usageType,
  REGION: (l) => l.region,
  SERVICE: () => KMS_SERVICE,
  RECORD_TYPE: () => 'Usage',
};
/** Own entries only: a GroupBy key such as `constructor` or `__proto__` is no dimension of a KMS line. */
const isDimension = (key: string): boolean => Object.hasOwn(DIMENSIONS, key);

/** A Dimensions filter on SERVICE, REGION or USAGE_TYPE (the filters a KMS bill can answer). */
function filterOf(filter: Record<string, unknown> | undefined): (l: CostLine) => boolean {
  if (!filter) return () => true;
  const dims = filter.Dimensions as { Key?: string; Values?: string[] } | undefined;
  if (!dims || Object.keys(filter).length !== 1 || !dims.Key || !isDimension(dims.Key)) {
    throw new KmsError('ValidationException', 'kms answers Filter only as one Dimensions expression on SERVICE, REGION, USAGE_TYPE or RECORD_TYPE.');
  }
  const of = DIMENSIONS[dims.Key]!;
  const values = new Set(dims.Values ?? []);
  return (l) => values.has(of(l));
}

/** A money metric's value of some lines (all money metrics equal the unblended cost: no discounts, no reservations). */
function metricsOf(lines: readonly CostLine[], metrics: readonly string[]): Record<string, { Amount: string; Unit: string }> {
  const out: Record<string, { Amount: string; Unit: string }> = {};
  for (const m of metrics) {
    if (m === 'UsageQuantity' || m === 'NormalizedUsageAmount') {
      const units = new Set(lines.map((l) => l.unit));
      const quantity = lines.reduce((n, l) => n + l.quantity, 0);
      // Cost Explorer adds quantities of different units only as N/A
      out[m] = { Amount: formatQuantity(quantity), Unit: units.size === 1 ? [...units][0]! : 'N/A' };
    } else {
      out[m] = { Amount: usd(lines.reduce((n, l) => n + (l.micros ?? 0), 0)), Unit: 'USD' };
    }
  }
  return out;
}

function formatQuantity(q: number): string {
  return Number.isInteger(q) ? String(q) : q.toFixed(10).replace(/0+$/, '');
}

export default async function getCostAndUsage(ctx: EngineContext, req: Request): Promise<Record<string, unknown>> {
  const start = date(req.TimePeriod.Start);
  const end = date(req.TimePeriod.End);
  // Cost Explorer's text
  if (start >= end) throw new KmsError('ValidationException', 'Start date (and hour) should be before end date (and hour)');
  if (req.Granularity === 'HOURLY') throw new KmsError('ValidationException', 'kms bills KMS by month and by day: use MONTHLY or DAILY.');
  if (req.Granularity !== 'MONTHLY' && req.Granularity !== 'DAILY') throw new KmsError('ValidationException', `Invalid Granularity: ${req.Granularity}`);
  for (const m of req.Metrics) if (!METRICS.has(m)) throw new KmsError('ValidationException', `Invalid metric name: ${m}`);
  const groups = req.GroupBy ?? [];
  if (groups.length > 2) throw new KmsError('ValidationException', 'GroupBy can have at most two groupings.');
  for (const g of groups) {
    if (g.Type !== 'DIMENSION' || !g.Key || !isDimension(g.Key)) {
      throw new KmsError('ValidationException', `kms groups a KMS bill only by DIMENSION ${Object.keys(DIMENSIONS).join(', ')}: not ${g.Type ?? ''} ${g.Key ?? ''}.`);
    }
  }
  const keep = filterOf(req.Filter);
  const ledger = await readLedger(ctx.store, ctx.account);
  const now = ctx.clock.now().getTime();
  // the bill so far: a key that still exists is billed up to now, not to the end of the period
  const keys = ledger.keys.map((k) => (k.events.some((e) => e.kind === 'deleted') ? k : { ...k, events: [...k.events, { time: Math.max(now, k.events.at(-1)?.time ?? now), kind: 'deleted' as const }] }));
  const periods = bill(ledger.requests, keys, start, end, req.Granularity);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const unpriced = new Set<string>();
  const results = periods.map((p) => {
    const lines = p.lines.filter(keep);
    for (const l of lines) if (l.unpriced) unpriced.add(l.region);
    const base = { TimePeriod: { Start: day(p.start), End: day(p.end) } };
    if (groups.length === 0) return { ...base, Total: metricsOf(lines, req.Metrics), Groups: [], Estimated: p.end > now };
    const byKey = new Map<string, CostLine[]>();
    for (const l of lines) {
      const keys = JSON.stringify(groups.map((g) => DIMENSIONS[g.Key!]!(l)));
      byKey.set(keys, [...(byKey.get(keys) ?? []), l]);
    }
    return {
      ...base,
      Total: {},
      Groups: [...byKey].map(([keys, ls]) => ({ Keys: JSON.parse(keys) as string[], Metrics: metricsOf(ls, req.Metrics) })),
      Estimated: p.end > now,
    };
  });
  return {
    ...(groups.length ? { GroupDefinitions: groups.map((g) => ({ Type: g.Type, Key: g.Key })) } : {}),
    ResultsByTime: results,
    // never an invented price: a Region without a table keeps its quantities, its cost is left
    // out of the amounts, and the answer says so (Cost Explorer's attributes of a dimension value)
    DimensionValueAttributes: [...unpriced].sort().map((region) => ({
      Value: region,
      Attributes: { pricing: `kms has no KMS price table for ${region}: its usage is counted, its cost is not included` },
    })),
  };
}
