// Runs one operation command of any service: flags → request (params/), keyring → engine,
// response → output (output/). The engine is the only place that knows what an operation does.

import { flagName, shapeOf } from '../api/model.js';
import type { ServiceModel, StructureShape } from '../api/types.js';
import { EXIT } from '../errors.js';
import { debugLog } from './debug.js';
import type { Deps } from '../deps.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { shadowedByPaging } from './options.js';
import { serviceCaller } from './service-caller.js';
import { readSettings, resolveRegion } from './settings.js';

type OperationInvocation = Extract<Invocation, { kind: 'operation' }>;

/** Operations that only read the keyring: on a missing keyring they see an empty one. */
const READ_ONLY = /^(Describe|List|Get|Generate|Verify|Encrypt|Decrypt|ReEncrypt|Sign|DeriveSharedSecret)/;

/** GenerateRandom needs no keyring, unless it asks a custom key store (a keyring record) for the bytes. */
function needsNoKeyring(operation: string, request: Record<string, unknown>): boolean {
  return operation === 'GenerateRandom' && request.CustomKeyStoreId === undefined;
}

export async function runOperationCommand(inv: OperationInvocation, deps: Deps): Promise<number> {
  const { op, flags, globals } = inv;
  // The AWS CLI checks --query as it parses its arguments: a bad one must stop the call, not
  // follow it (a create-key whose key id then never prints)
  if (globals.query !== undefined) (await import('./output/query.js')).compileQuery(globals.query);
  const model = inv.service.model;
  const debug = debugLog(globals.debug, deps);
  const settings = readSettings(deps.env, deps.homedir);
  const params = await import('./params/index.js');

  if (flags.generateCliSkeleton !== undefined) {
    const kind = flags.generateCliSkeleton === true ? 'input' : String(flags.generateCliSkeleton);
    deps.stdout.write(params.generateSkeleton(model, op.name, kind as 'input' | 'output' | 'yaml-input'));
    return EXIT.ok;
  }

  const binaryFormat = (globals.cliBinaryFormat ?? settings.cli_binary_format ?? 'base64') as 'base64' | 'raw-in-base64-out';
  const pctx = { cwd: deps.cwd, env: deps.env, homedir: deps.homedir, binaryFormat, readStdin: () => readAll(deps) };
  const input = shapeOf(model, op.input) as StructureShape;
  const request: Record<string, unknown> = {};
  for (const [member, spec] of Object.entries(input.members)) {
    if (shadowedByPaging(op.paginator !== undefined, flagName(member))) continue;
    const attr = camel(flagName(member));
    const raw = flags[attr];
    if (raw === undefined) continue;
    request[member] = await params.parseParam(model, spec.shape, `--${flagName(member)}`, raw as string | string[] | boolean, pctx);
  }
  const fromFile = await params.readCliInput(flags.cliInputJson as string | undefined, flags.cliInputYaml as string | undefined, pctx);
  const merged = fromFile ? params.mergeCliInput(model, op.name, fromFile, request) : request;
  if (!fromFile) {
    const missing = (input.required ?? []).filter((m) => merged[m] === undefined).map((m) => `--${flagName(m)}`);
    if (missing.length) throw new ArgumentError(`the following arguments are required: ${missing.join(', ')}`);
  }
  params.validateClientSide(model, op.name, merged);

  const region = resolveRegion(globals.region, deps.env, settings);
  debug(`operation ${op.name} members [${Object.keys(merged).join(', ')}]`);
  const keyring = needsNoKeyring(op.name, merged) ? 'none' : READ_ONLY.test(op.name) ? 'read' : 'write';
  const caller = await serviceCaller(inv.service, region, globals, deps, settings, keyring, debug);
  const call = (req: Record<string, unknown>) => caller.call(op.name, req);
  try {
    const output = await import('./output/index.js');
    const paging = {
      maxItems: intFlag(flags.maxItems, '--max-items'),
      pageSize: intFlag(flags.pageSize, '--page-size'),
      startingToken: flags.startingToken as string | undefined,
    };
    // awscli/customizations/paginate.py: a hand-given input token or limit turns pagination off.
    const manual = op.paginator && (merged[op.paginator.inputToken] !== undefined || (op.paginator.limitKey !== undefined && merged[op.paginator.limitKey] !== undefined));
    const paginating = op.paginator !== undefined && globals.paginate !== false && !manual;
    if (op.paginator) for (const warning of output.checkPagingArgs(paginating, paging)) deps.stderr.write(warning);
    const answer = paginating ? await output.paginate(call, op.paginator!, merged, paging) : await call(merged);
    const response = await afterCall(model, op.name, answer);
    debug(`${op.name} done`);
    const format = globals.output ?? settings.output ?? 'json';
    const text = output.formatOutput(response, {
      format: format as 'json',
      query: globals.query,
      operation: op.name,
      color: output.useColor(globals.color, deps.env, deps.stdoutIsTTY),
      terminalWidth: deps.stdoutColumns,
    });
    deps.stdout.write(text);
    return EXIT.ok;
  } finally {
    caller.close();
  }
}

/**
 * botocore's after-call handlers: IAM's URL-encoded policy documents print as JSON objects, and
 * a CloudFormation template that is JSON prints as an object (handlers.json_decode_template_body).
 */
async function afterCall(model: ServiceModel, operation: string, answer: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (model.id === 'iam') {
    const { decodePolicyDocuments } = await import('../services/iam/model/policy-documents.js');
    return decodePolicyDocuments(model, operation, answer);
  }
  if (model.id === 'cloudformation' && operation === 'GetTemplate' && typeof answer.TemplateBody === 'string') {
    try {
      return { ...answer, TemplateBody: JSON.parse(answer.TemplateBody) as unknown };
    } catch {
      return answer;
    }
  }
  return answer;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function intFlag(raw: unknown, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  // argparse type=int: "argument --max-items: invalid int value: 'x'"
  if (!/^\s*[-+]?\d+\s*$/.test(String(raw)) || !Number.isSafeInteger(n)) throw new ArgumentError(`argument ${flag}: invalid int value: '${String(raw)}'`);
  return n;
}

async function readAll(deps: Deps): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of deps.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return new Uint8Array(Buffer.concat(chunks));
}

