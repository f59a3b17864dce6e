// LookupEvents: the trail of this account and region, newest first, filtered by one attribute and
// a time range, 50 events a page at most, each with its whole record as a JSON string.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import type { TrailRecord } from '../recorder.js';
import { trailPrefix, trailRecordName, trailRecordTime } from '../records.js';

type Request = {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
};

/** What each lookup attribute compares, in a record. */
const ATTRIBUTES: Readonly<Record<string, (r: TrailRecord) => readonly string[]>> = {
  EventId: (r) => [r.event.eventID],
  EventName: (r) => [r.event.eventName],
  ReadOnly: (r) => [String(r.event.readOnly)],
  Username: (r) => (r.username !== undefined ? [r.username] : []),
  ResourceType: (r) => (r.event.resources ?? []).map((x) => x.type),
  ResourceName: (r) => (r.event.resources ?? []).map((x) => x.ARN),
  EventSource: (r) => [r.event.eventSource],
  AccessKeyId: (r) => {
    const id = r.event.userIdentity.accessKeyId;
    return typeof id === 'string' ? [id] : [];
  },
};

/** A NextToken: where the last page ended, and the request it belongs to. */
function token(after: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ after, fingerprint })).toString('base64');
}

export default async function lookupEvents(ctx: EngineContext, req: Request): Promise<Record<string, unknown>> {
  const attributes = req.LookupAttributes ?? [];
  // [unverified] texts: AWS's exception names, our words
  if (attributes.length > 1) throw new KmsError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && !Object.hasOwn(ATTRIBUTES, attribute.AttributeKey)) {
    throw new KmsError('InvalidLookupAttributesException', `${attribute.AttributeKey} is not a valid lookup attribute: use one of ${Object.keys(ATTRIBUTES).join(', ')}.`);
  }
  if (req.StartTime && req.EndTime && req.StartTime.getTime() > req.EndTime.getTime()) {
    throw new KmsError('InvalidTimeRangeException', 'Start time must be before or at end time.');
  }
  const max = req.MaxResults ?? 50;
  if (max < 1 || max > 50) throw new KmsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  // Insights events are not recorded: kms keeps the calls
  if (req.EventCategory !== undefined) return { Events: [] };
  const fingerprint = JSON.stringify([attribute ?? null, req.StartTime?.getTime() ?? null, req.EndTime?.getTime() ?? null]);
  let before: string | undefined;
  if (req.NextToken !== undefined) {
    let parsed: { after?: string; fingerprint?: string } = {};
    try {
      parsed = JSON.parse(Buffer.from(req.NextToken, 'base64').toString('utf8')) as typeof parsed;
    } catch {
      // handled below
    }
    if (typeof parsed.after !== 'string' || parsed.fingerprint !== fingerprint) throw new KmsError('InvalidNextTokenException', 'Invalid NextToken.');
    before = parsed.after;
  }
  const prefix = trailPrefix(ctx.account, ctx.region);
  const from = req.StartTime ? trailRecordName(ctx.account, ctx.region, req.StartTime.getTime(), '') : undefined;
  const end = req.EndTime?.getTime() ?? Number.POSITIVE_INFINITY;
  // what is older than the retention is gone, whether or not it was pruned yet
  const kept = ctx.clock.now().getTime() - (ctx.trail?.retentionDays ?? 90) * 86_400_000;
  const matches = attribute ? (r: TrailRecord) => ATTRIBUTES[attribute.AttributeKey]!(r).includes(attribute.AttributeValue) : () => true;
  const rows = await ctx.store.list<TrailRecord>(prefix, from !== undefined ? { after: from } : {});
  const picked: Array<{ name: string; record: TrailRecord }> = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (before !== undefined && row.name >= before) continue;
    const time = trailRecordTime(row.name.slice(prefix.length));
    if (time > end) continue;
    if (time < kept) break;
    if (!matches(row.value)) continue;
    picked.push({ name: row.name, record: row.value });
    if (picked.length > max) break;
  }
  const page = picked.slice(0, max);
  return {
    Events: page.map(({ record: r }) => ({
      EventId: r.event.eventID,
      EventName: r.event.eventName,
      ReadOnly: String(r.event.readOnly),
      ...(typeof r.event.userIdentity.accessKeyId === 'string' ? { AccessKeyId: r.event.userIdentity.accessKeyId } : {}),
      EventTime: new Date(r.event.eventTime),
      EventSource: r.event.eventSource,
      ...(r.username !== undefined ? { Username: r.username } : {}),
      Resources: (r.event.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
      CloudTrailEvent: JSON.stringify(r.event),
    })),
    ...(picked.length > max ? { NextToken: token(page[page.length - 1]!.name, fingerprint) } : {}),
  };
}
