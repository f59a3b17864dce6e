// Runs one operation command of any service: flags → request (params/), keyring → engine,
// response → output (output/). The engine is the only place that knows what an operation does.

import { conformOutput } from '../api/conform.js';
import { flagName, shapeOf } from '../api/model.js';
import type { StructureShape } from '../api/types.js';
import type { RecordStore } from '../engine/context.js';
import { EXIT } from '../errors.js';
import { debugLog } from './debug.js';
import type { Deps } from '../deps.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { localContext } from './local-engine.js';
import { shadowedByPaging } from './options.js';
import { readSettings, resolveEndpoint, resolveRegion } from './settings.js';

type OperationInvocation = Extract<Invocation, { kind: 'operation' }>;

/** Operations that only read the keyring: on a missing keyring they see an empty one. */
const READ_ONLY = /^(Describe|List|Get|Generate|Verify|Encrypt|Decrypt|ReEncrypt|Sign|DeriveSharedSecret)/;

/** GenerateRandom needs no keyring, unless it asks a custom key store (a keyring record) for the bytes. */
function needsNoKeyring(operation: string, request: Record<string, unknown>): boolean {
  return operation === 'GenerateRandom' && request.CustomKeyStoreId === undefined;
}

export async function runOperationCommand(inv: OperationInvocation, deps: Deps): Promise<number> {
  const { op, flags, globals } = inv;
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
  const endpoint = resolveEndpoint(globals.endpointUrl, deps.env, model.id);
  let call: (req: Record<string, unknown>) => Promise<Record<string, unknown>>;
  let store: (RecordStore & { close?(): void }) | undefined;
  try {
    if (endpoint !== undefined) {
      // --endpoint-url: the request goes to `kms serve`; no keyring, no KDF here (issue 6).
      const remote = await import('./remote.js');
      const target = remote.remoteTarget(endpoint, region, globals, deps);
      debug(`operation ${op.name} region ${region} endpoint ${target.url.origin}${target.url.pathname} members [${Object.keys(merged).join(', ')}]`);
      call = async (req) => conformOutput(model, op.name, await remote.callRemote(model, op, req, target));
    } else {
      debug(`operation ${op.name} region ${region} members [${Object.keys(merged).join(', ')}]`);
      const ctx = await localContext(deps, settings, globals, region, needsNoKeyring(op.name, merged) ? 'none' : READ_ONLY.test(op.name) ? 'read' : 'write', debug);
      store = ctx.store;
      const [{ runOperation }, service] = await Promise.all([import('../engine/index.js'), inv.service.load()]);
      call = async (req) => conformOutput(model, op.name, await runOperation(ctx, service, op.name, req));
    }
    const output = await import('./output/index.js');
    const paging = {
      maxItems: intFlag(flags.maxItems, '--max-items'),
      pageSize: intFlag(flags.pageSize, '--page-size'),
      startingToken: flags.startingToken as string | undefined,
    };
    // awscli/customizations/paginate.py: a hand-given input token or limit turns pagination off.
    const manual = op.paginator && (merged[op.paginator.inputToken] !== undefined || merged[op.paginator.limitKey] !== undefined);
    const paginating = op.paginator !== undefined && globals.paginate !== false && !manual;
    if (op.paginator) for (const warning of output.checkPagingArgs(paginating, paging)) deps.stderr.write(warning);
    const answer = paginating ? await output.paginate(call, op.paginator!, merged, paging) : await call(merged);
    // botocore's after-call.iam handler: IAM's URL-encoded policy documents print as JSON objects
    const response = model.id === 'iam' ? (await import('../services/iam/model/policy-documents.js')).decodePolicyDocuments(model, op.name, answer) : answer;
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
    store?.close?.();
  }
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

