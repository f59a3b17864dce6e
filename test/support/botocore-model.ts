// botocore's model of one service, for the suites that compare a table in src/services with it
// (test/api/model.test.ts for KMS, test/services/cloudformation-model.test.ts): one python3 call
// dumps service-2.json.gz and paginators-1.json, and botocore.xform_name(name, '-') of every
// operation and member name. Where python3 or botocore (or the service's data) is missing, the
// loader gives the reason instead, and the comparison skips with it printed.
import { execFileSync } from 'node:child_process';
import type { OperationSpec, Shape } from '../../src/api/types.js';

const DUMP = `
import gzip, json, os, sys
import botocore
service, api_version = sys.argv[1], sys.argv[2]
base = os.path.join(os.path.dirname(botocore.__file__), 'data', service, api_version)
m = json.load(gzip.open(os.path.join(base, 'service-2.json.gz')))
p = json.load(open(os.path.join(base, 'paginators-1.json')))['pagination']
names = set(m['operations'])
for s in m['shapes'].values():
    names.update(s.get('members', {}))
json.dump({'version': botocore.__version__, 'metadata': m['metadata'], 'shapes': m['shapes'],
           'operations': m['operations'], 'paginators': p,
           'xform': {n: botocore.xform_name(n, '-') for n in sorted(names)}}, sys.stdout)
`;

/** A shape as botocore writes it (the facts the tables carry), and the vocabulary ours() turns ours into. */
export interface BotoShape {
  type: string;
  members?: Record<string, { shape: string; deprecated?: boolean }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  exception?: boolean;
  fault?: boolean;
  deprecated?: boolean;
  error?: { code?: string; httpStatusCode?: number };
}

export interface BotoOperation {
  input: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

/** A paginators-1.json entry. */
export interface BotoPaginator {
  input_token: string;
  output_token: string;
  limit_key?: string;
  result_key: string;
  more_results?: string;
  non_aggregate_keys?: string[];
}

export interface BotocoreModel {
  /** botocore.__version__, for the messages. */
  version: string;
  metadata: Record<string, string>;
  shapes: Record<string, BotoShape>;
  operations: Record<string, BotoOperation>;
  paginators: Record<string, BotoPaginator>;
  /** botocore.xform_name(name, '-') of every operation and member name. */
  xform: Record<string, string>;
}

/** botocore's model of `service` at `apiVersion` (its data folder's names), or why it is not to be had. */
export function loadBotocoreModel(service: string, apiVersion: string): BotocoreModel | string {
  try {
    const out = execFileSync('python3', ['-c', DUMP, service, apiVersion], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as BotocoreModel;
  } catch (err) {
    return `python3 with botocore is not available (${(err as Error).message.split('\n')[0]})`;
  }
}

/**
 * loadBotocoreModel for a `describe.skipIf(skip)`: prints the reason where it skips. `boto` is only
 * to be read inside the skipped block.
 */
export function botocoreModelOrSkip(service: string, apiVersion: string): { boto: BotocoreModel; skip: boolean } {
  const loaded = loadBotocoreModel(service, apiVersion);
  if (typeof loaded === 'string') {
    console.warn(`skipping the botocore comparison: ${loaded}`);
    return { boto: undefined as unknown as BotocoreModel, skip: true };
  }
  return { boto: loaded, skip: false };
}

const membersOf = (members: Record<string, { shape: string; deprecated?: boolean }>): BotoShape['members'] =>
  Object.fromEntries(Object.entries(members).map(([n, m]) => [n, { shape: m.shape, ...(m.deprecated ? { deprecated: true } : {}) }]));

/** The facts of one of our shapes in botocore's vocabulary, so the two compare as JSON (key order too). */
export function ours(s: Shape): BotoShape {
  const out: BotoShape = { type: s.type };
  if (s.type === 'structure') {
    out.members = membersOf(s.members);
    if (s.required) out.required = [...s.required];
    if (s.exception) out.exception = true;
    if (s.fault) out.fault = true;
    if (s.errorCode !== undefined || s.httpStatusCode !== undefined) out.error = { code: s.errorCode, httpStatusCode: s.httpStatusCode };
  }
  if (s.type === 'list') out.member = { shape: s.member };
  if (s.type === 'map') Object.assign(out, { key: { shape: s.key }, value: { shape: s.value } });
  if (s.type === 'string' && s.enum) out.enum = [...s.enum];
  if ('min' in s && s.min !== undefined) out.min = s.min;
  if ('max' in s && s.max !== undefined) out.max = s.max;
  if (s.type === 'string' && s.pattern !== undefined) out.pattern = s.pattern;
  if ((s.type === 'string' || s.type === 'blob') && s.sensitive) out.sensitive = true;
  if (s.deprecated) out.deprecated = true;
  return out;
}

/** The same facts of a botocore shape, in the same order as ours() writes them (docs and the rest left out). */
export function theirs(s: BotoShape): BotoShape {
  const out: BotoShape = { type: s.type };
  if (s.members) out.members = membersOf(s.members);
  if (s.required) out.required = s.required;
  if (s.exception) out.exception = true;
  if (s.fault) out.fault = true;
  if (s.error) out.error = { code: s.error.code, httpStatusCode: s.error.httpStatusCode };
  if (s.member) out.member = { shape: s.member.shape };
  if (s.key) Object.assign(out, { key: { shape: s.key.shape }, value: { shape: s.value!.shape } });
  for (const k of ['enum', 'min', 'max', 'pattern'] as const) if (s[k] !== undefined) Object.assign(out, { [k]: s[k] });
  if (s.sensitive) out.sensitive = true;
  if (s.deprecated) out.deprecated = true;
  return out;
}

/** How our shape `name` differs from botocore's (members and enums in order), or undefined. */
export function shapeDiff(name: string, mine: Shape, boto: BotoShape): string | undefined {
  const [have, want] = [JSON.stringify(ours(mine)), JSON.stringify(theirs(boto))];
  return have === want ? undefined : `${name}:\n    have ${have}\n    want ${want}`;
}

/** How our operation `name` differs from botocore's in input, output, errors (in order) and paginator. */
export function operationDiffs(boto: BotocoreModel, name: string, mine: OperationSpec): string[] {
  const op = boto.operations[name];
  if (!op) return [`${name}: not in botocore`];
  const diffs: string[] = [];
  if (mine.input !== op.input.shape) diffs.push(`${name}: input ${mine.input} != ${op.input.shape}`);
  if (mine.output !== op.output?.shape) diffs.push(`${name}: output ${mine.output} != ${op.output?.shape}`);
  const errs = (op.errors ?? []).map((e) => e.shape).join();
  if (mine.errors.join() !== errs) diffs.push(`${name}: errors ${mine.errors.join()} != ${errs}`);
  const pag = boto.paginators[name];
  const wantPag = pag && {
    inputToken: pag.input_token, outputToken: pag.output_token, limitKey: pag.limit_key,
    resultKey: pag.result_key, moreResults: pag.more_results, nonAggregateKeys: pag.non_aggregate_keys,
  };
  // every field of ours, in PaginatorSpec's order: one botocore lacks is a difference too
  const havePag = mine.paginator && { ...mine.paginator };
  if (JSON.stringify(wantPag) !== JSON.stringify(havePag)) diffs.push(`${name}: paginator ${JSON.stringify(havePag)} != ${JSON.stringify(wantPag)}`);
  return diffs;
}

/** Prints every difference (so one run shows them all) and returns how many there were. */
export function reportDiffs(what: string, boto: BotocoreModel, diffs: string[]): number {
  if (diffs.length > 0) console.error(`${what} differs from botocore ${boto.version}:\n  ${diffs.join('\n  ')}`);
  return diffs.length;
}
