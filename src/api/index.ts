// The KMS API (2014-11-01) as one table, assembled from the shapes-*.ts and operations-*.ts data,
// with name helpers. Must stay cheap to import: data and pure functions only, no validate/conform.
import { adminOperations } from '../services/kms/model/operations-admin.js';
import { cryptoOperations } from '../services/kms/model/operations-crypto.js';
import { keyOperations } from '../services/kms/model/operations-keys.js';
import { adminShapes } from '../services/kms/model/shapes-admin.js';
import { commonShapes } from '../services/kms/model/shapes-common.js';
import { cryptoShapes } from '../services/kms/model/shapes-crypto.js';
import { datakeyShapes } from '../services/kms/model/shapes-datakeys.js';
import { enumShapes } from '../services/kms/model/shapes-enums.js';
import { errorShapes } from '../services/kms/model/shapes-errors.js';
import { grantShapes } from '../services/kms/model/shapes-grants.js';
import { keyShapes } from '../services/kms/model/shapes-keys.js';
import { rotationShapes } from '../services/kms/model/shapes-rotation.js';
import { scalarShapes } from '../services/kms/model/shapes-scalars.js';
import { storeShapes } from '../services/kms/model/shapes-stores.js';
import type { ApiModel, OperationSpec, Shape, ShapeRef } from './types.js';

export type * from './types.js';

export const model: ApiModel = {
  apiVersion: '2014-11-01',
  targetPrefix: 'TrentService',
  shapes: {
    ...scalarShapes,
    ...enumShapes,
    ...commonShapes,
    ...keyShapes,
    ...rotationShapes,
    ...cryptoShapes,
    ...datakeyShapes,
    ...grantShapes,
    ...storeShapes,
    ...adminShapes,
    ...errorShapes,
  },
  // Operations in the model's alphabetical order, as `aws kms help` lists them.
  operations: Object.fromEntries(
    Object.entries({ ...keyOperations, ...cryptoOperations, ...adminOperations }).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  ),
};

/**
 * botocore.xform_name(name, '-'): splits CamelCase words, keeping runs of capitals together
 * (CloudHsmClusterId -> cloud-hsm-cluster-id, AWSAccountId -> aws-account-id).
 */
export function flagName(member: string): string {
  if (member.includes('-')) return member;
  // _special_case_transform '[A-Z]{2,}s$': a plural acronym at the end (ARNs -> -arns).
  let name = member.replace(/[A-Z]{2,}s$/, (m) => `-${m.toLowerCase()}`);
  // _first_cap_regex: '(.)([A-Z][a-z]+)' -> '\1-\2'
  name = name.replace(/(.)([A-Z][a-z]+)/g, '$1-$2');
  // _end_cap_regex: '([a-z0-9])([A-Z])' -> '\1-\2'
  name = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return name.toLowerCase();
}

/** The CLI command of an operation: GenerateDataKeyPairWithoutPlaintext -> generate-data-key-pair-without-plaintext. */
export function commandName(op: string): string {
  return flagName(op);
}

let byCommand: Map<string, OperationSpec> | undefined;

/** The operation a CLI command names (`encrypt` -> Encrypt), or undefined. */
export function operationForCommand(cmd: string): OperationSpec | undefined {
  byCommand ??= new Map(Object.values(model.operations).map((op) => [commandName(op.name), op]));
  return byCommand.get(cmd);
}

/** The named shape; throws on a name the table does not hold (a bug in the table or a caller). */
export function shape(ref: ShapeRef): Shape {
  const found = Object.hasOwn(model.shapes, ref) ? model.shapes[ref] : undefined;
  if (!found) throw new Error(`unknown shape: ${ref}`);
  return found;
}
