// The usage ledger: the billable facts of the audit trail (every KMS request, and each customer
// managed key's creation, deletion, cancelled deletion and rotation), read from the same records
// LookupEvents shows, so that the trail and the bill cannot disagree.

import type { RecordReader } from '../../engine/context.js';
import type { TrailRecord } from '../cloudtrail/recorder.js';
import { trailAccountPrefix } from '../cloudtrail/records.js';
import { classify, type KeyLife, type UsageRequest } from './pricing/index.js';

export interface Ledger {
  requests: UsageRequest[];
  keys: KeyLife[];
}

/** Every billable fact of an account, all regions, in time order. */
export async function readLedger(store: RecordReader, account: string): Promise<Ledger> {
  const requests: UsageRequest[] = [];
  const lives = new Map<string, { keyId: string; region: string; events: Array<KeyLife['events'][number]> }>();
  for (const { value: r } of await store.list<TrailRecord>(trailAccountPrefix(account))) {
    const time = Date.parse(r.event.eventTime);
    if (r.usage?.request && r.event.eventSource === 'kms.amazonaws.com' && r.event.eventType === 'AwsApiCall') {
      requests.push({ time, region: r.event.awsRegion, bucket: classify(r.event.eventName, r.usage.request.keySpec, r.usage.request.keyPairSpec).bucket });
    }
    const k = r.usage?.key;
    if (k) {
      const id = `${k.region}/${k.keyId}`;
      let life = lives.get(id);
      if (!life) lives.set(id, (life = { keyId: k.keyId, region: k.region, events: [] }));
      life.events.push({ time, kind: k.kind });
    }
  }
  requests.sort((a, b) => a.time - b.time);
  for (const l of lives.values()) l.events.sort((a, b) => a.time - b.time);
  return { requests, keys: [...lives.values()] };
}
