// Reading a service's table: shapes by name, the CLI's names for operations and members
// (botocore's xform_name), and the operation a command names. Pure functions over a ServiceModel;
// imports nothing but the table's types.

import type { OperationSpec, ServiceModel, Shape, ShapeRef } from './types.js';

export type * from './types.js';

/** The named shape of `model`; throws on a name the table does not hold (a bug in the table or a caller). */
export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const found = Object.hasOwn(model.shapes, ref) ? model.shapes[ref] : undefined;
  if (!found) throw new Error(`unknown shape: ${ref} (${model.id})`);
  return found;
}

/** The operation of `model` named `name` (API name, e.g. GenerateDataKey), or undefined. */
export function operationOf(model: ServiceModel, name: string): OperationSpec | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

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

const byCommand = new WeakMap<ServiceModel, Map<string, OperationSpec>>();

/** The operation of `model` a CLI command names (`encrypt` -> Encrypt), or undefined. */
export function operationForCommand(model: ServiceModel, cmd: string): OperationSpec | undefined {
  let map = byCommand.get(model);
  if (!map) byCommand.set(model, (map = new Map(Object.values(model.operations).map((op) => [commandName(op.name), op]))));
  return map.get(cmd);
}
