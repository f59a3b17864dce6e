// botocore's ParamValidator (botocore/validate.py) on the client side: types, required members,
// unknown members, min lengths and min values, with botocore's exact report text. Max is the server's.

import type { ServiceModel, Shape, ShapeRef } from '../../api/types.js';
import { usageError, type LocalError } from '../../errors.js';
import { shapeOf } from './argprocess.js';
import { PyFloat, pyStr, pyTypeName } from './pyrepr.js';

type Report =
  | { kind: 'missing'; name: string; required: string }
  | { kind: 'unknown'; name: string; param: string; valid: string[] }
  | { kind: 'type'; name: string; param: unknown; valid: string[] }
  | { kind: 'range' | 'length'; name: string; param: unknown; min: number };

const T = (n: string) => `<class '${n}'>`;
// ParamValidator.SCALAR_TYPES / CONTAINER_TYPES as their str() prints
const VALID: Record<string, string[]> = {
  string: [T('str')],
  integer: [T('int')],
  long: [T('int')],
  boolean: [T('bool')],
  structure: [T('dict')],
  map: [T('dict')],
  list: [T('list'), T('tuple')],
  blob: [T('bytes'), T('bytearray'), 'file-like object'],
  timestamp: [T('datetime.datetime'), 'timestamp-string'],
};

const isDict = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && !(v instanceof PyFloat);
/** isinstance(v, int): Python's bool is an int too. */
const isInt = (v: unknown): v is number | boolean => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
const asNumber = (v: number | boolean) => (typeof v === 'boolean' ? Number(v) : v);

/** ValidationErrors._get_name: '' is "input", a leading dot is dropped. */
const displayName = (name: string) => (name === '' ? 'input' : name.startsWith('.') ? name.slice(1) : name);

function format(r: Report): string {
  const name = displayName(r.name);
  switch (r.kind) {
    case 'missing':
      return `Missing required parameter in ${name}: "${r.required}"`;
    case 'unknown':
      return `Unknown parameter in ${name}: "${r.param}", must be one of: ${r.valid.join(', ')}`;
    case 'type':
      return `Invalid type for parameter ${name}, value: ${pyStr(r.param)}, type: ${pyTypeName(r.param)}, valid types: ${r.valid.join(', ')}`;
    case 'range':
      return `Invalid value for parameter ${name}, value: ${pyStr(r.param)}, valid min value: ${r.min}`;
    case 'length':
      return `Invalid length for parameter ${name}, value: ${pyStr(r.param)}, valid min length: ${r.min}`;
  }
}

/** The lines of botocore's report for `params` against the input shape; empty when valid. */
export function validationErrors(model: ServiceModel, inputShape: ShapeRef, params: unknown): string[] {
  const reports: Report[] = [];
  validate(model, inputShape, params, '', reports);
  return reports.map(format);
}

/** validate_parameters: a usage error "Parameter validation failed:\n…" (exit 252), or undefined. */
export function clientValidate(model: ServiceModel, inputShape: ShapeRef, params: unknown): LocalError | undefined {
  const lines = validationErrors(model, inputShape, params);
  return lines.length ? usageError(`Parameter validation failed:\n${lines.join('\n')}`) : undefined;
}

/** The same for an operation's input, thrown (exit 252) as the AWS CLI prints it. */
export function validateClientSide(model: ServiceModel, operationName: string, params: unknown): void {
  const op = model.operations[operationName];
  if (!op) throw new Error(`unknown operation ${operationName}`);
  const err = clientValidate(model, op.input, params);
  if (err) throw err;
}

/** validate.py range_check: reports `shown` (the value as given; True/False for booleans). */
function rangeCheck(shape: Shape, name: string, value: number, kind: 'range' | 'length', out: Report[], shown: unknown = value): void {
  const min = (shape as { min?: number }).min;
  if (min !== undefined && value < min) out.push({ kind, name, param: shown, min });
}

function validate(model: ServiceModel, ref: ShapeRef, param: unknown, name: string, out: Report[]): void {
  const shape = shapeOf(model, ref);
  const typeError = () => out.push({ kind: 'type', name, param, valid: VALID[shape.type]! });
  switch (shape.type) {
    case 'structure': {
      if (!isDict(param)) return void typeError();
      for (const req of shape.required ?? []) {
        if (!Object.hasOwn(param, req)) out.push({ kind: 'missing', name, required: req });
      }
      const known: string[] = [];
      for (const key of Object.keys(param)) {
        if (Object.hasOwn(shape.members, key)) known.push(key);
        else out.push({ kind: 'unknown', name, param: key, valid: Object.keys(shape.members) });
      }
      for (const key of known) validate(model, shape.members[key]!.shape, param[key], `${name}.${key}`, out);
      return;
    }
    case 'string':
      if (typeof param !== 'string') return void typeError();
      // a string's min is on its length, in code points as Python's len()
      return rangeCheck(shape, name, [...param].length, 'length', out);
    case 'list': {
      if (!Array.isArray(param)) return void typeError();
      rangeCheck(shape, name, param.length, 'length', out);
      const member = shapeOf(model, shape.member);
      const constrained =
        (member as { min?: number }).min !== undefined || (member.type === 'structure' && (member.required?.length ?? 0) > 0);
      // validate.py: members of scalar type without constraints get a type check only
      if (member.type in SCALAR_CHECK && !constrained) {
        param.forEach((item, i) => {
          if (!SCALAR_CHECK[member.type]!(item)) out.push({ kind: 'type', name: `${name}[${i}]`, param: item, valid: VALID[member.type]! });
        });
        return;
      }
      param.forEach((item, i) => validate(model, shape.member, item, `${name}[${i}]`, out));
      return;
    }
    case 'map':
      if (!isDict(param)) return void typeError();
      for (const [k, v] of Object.entries(param)) {
        validate(model, shape.key, k, `${name} (key: ${k})`, out);
        validate(model, shape.value, v, `${name}.${k}`, out);
      }
      return;
    case 'integer':
    case 'long':
      if (!isInt(param)) return void typeError();
      return rangeCheck(shape, name, asNumber(param), 'range', out, param);
    case 'boolean':
      if (typeof param !== 'boolean') typeError();
      return;
    case 'blob':
      // no length check for blobs in botocore; bytes and text are both accepted
      if (!(param instanceof Uint8Array) && typeof param !== 'string') typeError();
      return;
    case 'timestamp':
      if (!(param instanceof Date)) typeError();
      return;
  }
}

const SCALAR_CHECK: Record<string, (v: unknown) => boolean> = {
  integer: isInt,
  long: isInt,
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
};
