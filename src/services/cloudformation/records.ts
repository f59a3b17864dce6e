// The names of CloudFormation's records in the store: one module, so that every name and prefix is
// written once. Stacks, their events, change sets and exports live per account and region, as
// on AWS; a stack's name points at its live stack, while a deleted stack stays reachable by its
// id. Imports nothing.

const base = (account: string, region: string): string => `cfn/${account}/${region}/`;

/** A stack (StackRecord, stacks/store.ts), by the UUID at the end of its id. */
export const stackRecordName = (account: string, region: string, uuid: string): string => `${base(account, region)}stack/${uuid}`;
export const stackPrefix = (account: string, region: string): string => `${base(account, region)}stack/`;

/** The live (not deleted) stack of a name: `{ uuid }`. */
export const stackNameRecordName = (account: string, region: string, name: string): string => `${base(account, region)}stack-name/${name}`;
export const stackNamePrefix = (account: string, region: string): string => `${base(account, region)}stack-name/`;

/** A stack's events in the order they happened: a zero-padded sequence number after the stack's UUID. */
export const eventRecordName = (account: string, region: string, uuid: string, seq: number): string =>
  `${base(account, region)}event/${uuid}/${String(seq).padStart(10, '0')}`;
export const eventPrefix = (account: string, region: string, uuid: string): string => `${base(account, region)}event/${uuid}/`;

/** A change set (ChangeSetRecord, stacks/change-sets.ts), by the UUID at the end of its id. */
export const changeSetRecordName = (account: string, region: string, uuid: string): string => `${base(account, region)}change-set/${uuid}`;

/** An output exported under a name, unique in the account and region: `{ stackId, value }`. */
export const exportRecordName = (account: string, region: string, name: string): string => `${base(account, region)}export/${name}`;
export const exportPrefix = (account: string, region: string): string => `${base(account, region)}export/`;
