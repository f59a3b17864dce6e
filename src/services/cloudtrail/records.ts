// The names of the audit trail's records in the store: one module, so that every name and prefix
// is written once. A record per call or service event, per account and region (IAM's global
// events under us-east-1, as AWS delivers them), named by time so that a prefix lists them in the
// order they happened. Imports nothing.

/** Every record of an account, all regions (Cost Explorer reads them all). */
export const trailAccountPrefix = (account: string): string => `trail/${account}/`;

/** The records of an account in one region, oldest first. */
export const trailPrefix = (account: string, region: string): string => `trail/${account}/${region}/`;

/**
 * One record: its event time (epoch ms, 15 digits, so names sort by time), a sequence number that
 * keeps a process's records of one millisecond in the order they were made, and its event id.
 */
export const trailRecordName = (account: string, region: string, time: number, eventId: string, seq = 0): string =>
  `${trailPrefix(account, region)}${String(time).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${eventId}`;

/** The event time (epoch ms) a record's name carries, after its region's prefix. */
export const trailRecordTime = (nameAfterPrefix: string): number => Number(nameAfterPrefix.slice(0, 15));
