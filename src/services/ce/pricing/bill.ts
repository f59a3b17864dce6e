// What recorded KMS usage would cost on AWS: key-hours and requests priced into Cost Explorer-shaped
// periods and lines (research audit-pricing.md §A, §C.4-5). Pure: no clock, no store; imports errors.ts only.

import { KmsError } from '../../../errors.js';
import { FREE_REQUESTS_PER_MONTH, priceTable, usageType, type Bucket } from './prices.js';

/** One billable request (a KMS API call recorded in the trail). */
export interface UsageRequest {
  /** epoch ms */
  time: number;
  region: string;
  bucket: Bucket;
  /** this many identical requests at `time` (a ledger may aggregate); 1 when absent */
  count?: number;
}

/** One customer managed key's life, from the trail, in time order. AWS managed keys are never given. */
export interface KeyLife {
  keyId: string;
  region: string;
  events: ReadonlyArray<{ time: number; kind: 'created' | 'deletionScheduled' | 'deletionCancelled' | 'deleted' | 'rotated' }>;
}

export interface CostLine {
  usageType: string;
  region: string;
  /** requests, or key-months (key-hours over the hours of the calendar month) */
  quantity: number;
  unit: 'Requests' | 'Keys';
  /** the unblended cost in integer micro-dollars; absent when unpriced */
  micros?: number;
  /** the Region has no price table: quantity only, never an invented price */
  unpriced?: boolean;
  /** of `quantity`, the requests the monthly free tier covered (priced standard-request lines only) */
  freeQuantity?: number;
}

export interface CostPeriod {
  start: number;
  end: number;
  lines: CostLine[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The 2024 rule, for keys in Regions without a table (their quantity is still shown). */
const BILLED_ROTATIONS = 2;

const monthOf = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const monthAfter = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
/** Hours of the calendar month holding t: 672, 696, 720 or 744. */
const hoursOfMonth = (t: number): number => (monthAfter(t) - monthOf(t)) / HOUR;

/** n / d rounded to the nearest integer, halves up, exactly (n ≥ 0 and d > 0 safe integers). */
function divRound(n: number, d: number): number {
  const twice = 2 * n + d;
  let q = Math.floor(twice / (2 * d));
  const r = twice - q * 2 * d;
  if (r < 0) q -= 1;
  else if (r >= 2 * d) q += 1;
  return q;
}

function invalid(message: string): never {
  throw new KmsError('ValidationException', message);
}

/**
 * The periods of [start, end): calendar months (MONTHLY) or UTC days (DAILY), the first and last cut to
 * the range, as Cost Explorer's ResultsByTime. CE takes dates for both granularities, so both ends must
 * be UTC midnights.
 */
function periodsOf(start: number, end: number, granularity: 'MONTHLY' | 'DAILY'): CostPeriod[] {
  if (granularity !== 'MONTHLY' && granularity !== 'DAILY') invalid(`Granularity ${String(granularity)} is not MONTHLY or DAILY.`);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start % DAY !== 0 || end % DAY !== 0) {
    invalid('TimePeriod Start and End must be dates (UTC midnights).');
  }
  if (start >= end) invalid('TimePeriod Start must be before End.');
  const out: CostPeriod[] = [];
  for (let t = start; t < end; ) {
    const next = Math.min(end, granularity === 'DAILY' ? t + DAY : monthAfter(t));
    out.push({ start: t, end: next, lines: [] });
    t = next;
  }
  return out;
}

/**
 * The spans [from, to) a key is billed for: the key itself, then one span per billed rotation (from the
 * rotation to the key's end). Pricing page [doc P1]: no charge while "scheduled for deletion", but "if you
 * cancel the deletion during the waiting period, the customer managed KMS key will incur charges as
 * though it was never scheduled for deletion": so a cancelled waiting period is billed like any other
 * time, an uncancelled one is not (nor anything after DeleteKey). The trail as given decides: a waiting
 * period still open at its end is unbilled, and billed once a later trail shows the cancellation, to the
 * hours it happened in [unverified: how AWS invoices a back-billed period across months]. Enabled and
 * disabled keys alike are billed [doc P1, inferred]. "The first and second rotation of the key adds
 * $1/month (prorated hourly) … subsequent rotations will not be billed" [doc P1]; rotations before the
 * range count toward the cap. A key whose trail does not open with `created` existed before it.
 */
function billedSpans(key: KeyLife, billedRotations: number): Array<[number, number]> {
  for (const e of key.events) if (!Number.isFinite(e.time)) invalid(`Key ${key.keyId}: event time ${e.time} is not a time.`);
  const events = [...key.events].sort((a, b) => a.time - b.time);
  const from = events[0]?.kind === 'created' ? events[0].time : -Infinity;
  let to = Infinity;
  let pendingSince: number | undefined;
  const rotations: number[] = [];
  for (const e of events) {
    if (e.kind === 'deletionScheduled') pendingSince ??= e.time;
    else if (e.kind === 'deletionCancelled') pendingSince = undefined;
    else if (e.kind === 'rotated') rotations.push(e.time);
    else if (e.kind === 'deleted') {
      to = pendingSince ?? e.time;
      pendingSince = undefined;
      break;
    }
  }
  if (pendingSince !== undefined) to = pendingSince;
  return [[from, to], ...rotations.slice(0, billedRotations).map((r): [number, number] => [Math.max(r, from), to])];
}

/**
 * Key-hours of a span within [a, b) (whole hours): "prorated hourly" [doc P1], each UTC clock hour the
 * key was billable in, even in part, counting whole (an older copy of the page says prorated to the
 * nearest full hour [doc P3]; rounding partial hours up is [unverified]).
 */
function hoursIn([from, to]: [number, number], a: number, b: number): number {
  if (to <= from) return 0;
  return Math.max(0, Math.min(Math.ceil(to / HOUR), b / HOUR) - Math.max(Math.floor(from / HOUR), a / HOUR));
}

function lineOf(period: CostPeriod, index: Map<string, CostLine>, region: string, what: Bucket | 'keys'): CostLine {
  const type = usageType(region, what);
  const id = `${type}\u0000${region}`;
  let line = index.get(id);
  if (!line) {
    line = { usageType: type, region, quantity: 0, unit: what === 'keys' ? 'Keys' : 'Requests' };
    const table = priceTable(region);
    if (table) {
      line.micros = 0;
      if (what === 'standard') line.freeQuantity = 0;
    } else line.unpriced = true;
    index.set(id, line);
    period.lines.push(line);
  }
  return line;
}

/**
 * Requests: priced linearly per request [research §A3, Price List rates]. The free tier is one pool of
 * 20,000 per calendar month "calculated across all regions" [doc P1], for standard requests only,
 * consumed in time order (ties in the order given) from the first of the month, so requests before
 * `start` in its month still use it up [research §C.4]; DAILY lines therefore show what each day was
 * billed, and the days of a month sum to its MONTHLY line. Requests in Regions without a table neither
 * use the pool nor are priced (China's Regions are other accounts, billed by other companies [doc D6]).
 * Cost Explorer shows the free tier as a $0 first tier of the same usage type (the Price List's
 * 20,000-request $0 rate [research §A6]), not as a credit line: the line's quantity counts every request,
 * its amount only the billed ones; `freeQuantity` says how many were free.
 */
function addRequests(periods: CostPeriod[], indexes: Map<string, CostLine>[], requests: readonly UsageRequest[], start: number, end: number): void {
  for (const r of requests) if (!Number.isFinite(r.time)) invalid(`Request time ${r.time} is not a time.`);
  const from = monthOf(start);
  const rows = requests.filter((r) => r.time >= from && r.time < end).sort((a, b) => a.time - b.time);
  let poolMonth = Number.NaN;
  let used = 0;
  let p = 0;
  for (const r of rows) {
    const count = r.count ?? 1;
    if (!Number.isSafeInteger(count) || count < 1) invalid(`Request count ${count} is not a positive whole number.`);
    const month = monthOf(r.time);
    if (month !== poolMonth) [poolMonth, used] = [month, 0];
    const table = priceTable(r.region);
    let free = 0;
    if (table && r.bucket === 'standard') {
      free = Math.min(count, FREE_REQUESTS_PER_MONTH - used);
      used += free;
    }
    if (r.time < start) continue;
    while (periods[p]!.end <= r.time) p += 1;
    const line = lineOf(periods[p]!, indexes[p]!, r.region, r.bucket);
    line.quantity += count;
    if (table) {
      line.micros! += (count - free) * table.requestMicros[r.bucket];
      if (line.freeQuantity !== undefined) line.freeQuantity += free;
    }
  }
}

/**
 * Keys: $1 per key-month, prorated by the key-hours in the period over the hours of its calendar month
 * (research §D: a 30-day month has 720 h, a 31-day month 744 h; the divisor is [unverified], 730 h would
 * give O13 0.4932). A DAILY line is that day's key-hours over the month's hours. A line's amount is
 * rounded to the micro-dollar cumulatively within its month: round(the Region's key fee from the 1st to
 * the period's end) − round(the same to the period's start), so a month's DAILY lines sum exactly to its
 * MONTHLY line (and a range starting mid-month differs from rounding its own total by at most 1 µ$).
 */
function addKeys(periods: CostPeriod[], indexes: Map<string, CostLine>[], keys: readonly KeyLife[]): void {
  const hours = periods.map(() => new Map<string, { region: string; now: number; before: number }>());
  for (const key of keys) {
    const spans = billedSpans(key, priceTable(key.region)?.billedRotations ?? BILLED_ROTATIONS);
    periods.forEach((period, i) => {
      // `before` counts every key of the Region, those gone by this period included, so the rounding telescopes
      const now = spans.reduce((n, s) => n + hoursIn(s, period.start, period.end), 0);
      const before = spans.reduce((n, s) => n + hoursIn(s, monthOf(period.start), period.start), 0);
      if (now === 0 && before === 0) return;
      const acc = hours[i]!.get(key.region) ?? { region: key.region, now: 0, before: 0 };
      acc.now += now;
      acc.before += before;
      hours[i]!.set(key.region, acc);
    });
  }
  periods.forEach((period, i) => {
    const perMonth = hoursOfMonth(period.start);
    for (const { region, now, before } of hours[i]!.values()) {
      if (now === 0) continue;
      const line = lineOf(period, indexes[i]!, region, 'keys');
      line.quantity = now / perMonth;
      const table = priceTable(region);
      if (table) line.micros = divRound(table.keyMonthMicros * (before + now), perMonth) - divRound(table.keyMonthMicros * before, perMonth);
    }
  });
}

/**
 * What the usage cost between [start, end) (epoch ms, UTC midnights), one period per calendar month or
 * UTC day, each period's lines by usage type and Region (sorted by usage type, then Region).
 */
export function bill(requests: readonly UsageRequest[], keys: readonly KeyLife[], start: number, end: number, granularity: 'MONTHLY' | 'DAILY'): CostPeriod[] {
  const periods = periodsOf(start, end, granularity);
  const indexes = periods.map(() => new Map<string, CostLine>());
  addRequests(periods, indexes, requests, start, end);
  addKeys(periods, indexes, keys);
  for (const p of periods) p.lines.sort((a, b) => (a.usageType < b.usageType ? -1 : a.usageType > b.usageType ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return periods;
}

/**
 * Micro-dollars as Cost Explorer's Amount string: a plain decimal of at most 10 fractional digits with no
 * trailing zeros ("40.3527508453" in the AWS CLI's get-cost-and-usage example [aws-cli
 * awscli/examples/ce/get-cost-and-usage.rst]; zero as "0", as recorded CE responses show it; not padding
 * "1.24" to "1.2400000000" is [unverified]). Micro-dollars need at most 6 digits: "1.24", "0.000003".
 */
export function usd(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`usd: ${micros} is not a whole number of micro-dollars`);
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / 1_000_000);
  const frac = abs % 1_000_000;
  const text = frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
  return micros < 0 ? `-${text}` : text;
}
