// The services kms serves, as the CLI, help, man pages, completions and `kms serve` see them: each
// a table (loaded with this module: data only) and its handlers (loaded on first use). Adding a
// service is one entry here; docs/architecture.md says how.

import type { ServiceModel } from '../api/types.js';
import type { Service } from '../engine/service.js';
import { model as ceModel } from './ce/model/index.js';
import { model as cloudFormationModel } from './cloudformation/model/index.js';
import { model as cloudTrailModel } from './cloudtrail/model/index.js';
import { model as iamModel } from './iam/model/index.js';
import { model as kmsModel } from './kms/model/index.js';
import { model as stsModel } from './sts/model/index.js';

export interface ServiceEntry {
  model: ServiceModel;
  /**
   * The word before its operations on the command line (`kms iam create-user`); undefined for
   * KMS, whose operations are kms's own commands (`kms encrypt`), as in `aws kms encrypt`.
   */
  command?: string;
  /** The table and the handlers. */
  load(): Promise<Service>;
}

/** KMS: the service every command without a service word names. */
export const KMS: ServiceEntry = {
  model: kmsModel,
  load: () => import('./kms/index.js').then((m) => m.service),
};

/** IAM: users, roles, their policies and access keys (`kms iam …`). */
export const IAM: ServiceEntry = {
  model: iamModel,
  command: 'iam',
  load: () => import('./iam/index.js').then((m) => m.service),
};

/** STS: role sessions and who is calling (`kms sts …`). */
export const STS: ServiceEntry = {
  model: stsModel,
  command: 'sts',
  load: () => import('./sts/index.js').then((m) => m.service),
};

/** CloudFormation: stacks of KMS keys and aliases (`kms cloudformation …`). */
export const CLOUDFORMATION: ServiceEntry = {
  model: cloudFormationModel,
  command: 'cloudformation',
  load: () => import('./cloudformation/index.js').then((m) => m.service),
};

/** CloudTrail: the audit trail of every call (`kms cloudtrail lookup-events`). */
export const CLOUDTRAIL: ServiceEntry = {
  model: cloudTrailModel,
  command: 'cloudtrail',
  load: () => import('./cloudtrail/index.js').then((m) => m.service),
};

/** Cost Explorer: what the recorded KMS usage would cost on AWS (`kms ce get-cost-and-usage`). */
export const CE: ServiceEntry = {
  model: ceModel,
  command: 'ce',
  load: () => import('./ce/index.js').then((m) => m.service),
};

/** Every service of this build, KMS first. */
export const SERVICES: readonly ServiceEntry[] = [KMS, IAM, STS, CLOUDFORMATION, CLOUDTRAIL, CE];

/** The service whose AWS JSON target prefix is `prefix` (X-Amz-Target: <prefix>.<Operation>). */
export function serviceForTarget(services: readonly ServiceEntry[], prefix: string): ServiceEntry | undefined {
  return services.find((s) => s.model.protocol === 'json' && s.model.targetPrefix === prefix);
}

/** The service whose operations are kms's own commands (`kms encrypt`): KMS, unless a test gives others. */
export function defaultService(services: readonly ServiceEntry[]): ServiceEntry {
  return services.find((s) => s.command === undefined) ?? KMS;
}

/** The service a command-line word names (`iam`), or undefined. */
export function serviceForCommand(services: readonly ServiceEntry[], word: string): ServiceEntry | undefined {
  return services.find((s) => s.command !== undefined && s.command === word);
}
