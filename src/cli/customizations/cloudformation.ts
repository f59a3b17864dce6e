// The aws CLI's CloudFormation customizations, as AWS CLI v2 runs them: `deploy` (a change set
// made, waited for and executed: awscli/customizations/cloudformation/deploy.py, deployer.py) and
// `wait <waiter>` (botocore's waiters-2.json, polled as botocore's Waiter does). They call the
// CloudFormation operations like any command: on the keyring here, or on `kms serve`.

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import jmespath from 'jmespath';
import { flagName } from '../../api/model.js';
import type { Deps } from '../../deps.js';
import { EXIT, KmsError, LocalError } from '../../errors.js';
import { CLOUDFORMATION } from '../../services/index.js';
import { parseTemplate } from '../../services/cloudformation/template/parse.js';
import { debugLog, type DebugLog } from '../debug.js';
import { ArgumentError } from '../errors.js';
import type { Invocation } from '../program.js';
import { serviceCaller, type ServiceCaller } from '../service-caller.js';
import { readSettings, resolveRegion } from '../settings.js';

type CustomInvocation = Extract<Invocation, { kind: 'custom' }>;

/** A failure the aws CLI prints as its message alone (write_exception), exit 255. */
function failure(message: string): LocalError {
  return new LocalError(message, EXIT.other);
}

export async function runCustomization(inv: CustomInvocation, deps: Deps, onOperation: (name: string) => void): Promise<number> {
  const debug = debugLog(inv.globals.debug, deps);
  const settings = readSettings(deps.env, deps.homedir);
  const region = resolveRegion(inv.globals.region, deps.env, settings);
  const [, verb, waiter] = inv.path;
  const required = verb === 'deploy' ? ['templateFile', 'stackName'] : waiter === 'change-set-create-complete' ? ['changeSetName'] : ['stackName'];
  const missing = required.filter((k) => inv.flags[k] === undefined).map((k) => `--${flagName(k)}`);
  if (missing.length) throw new ArgumentError(`the following arguments are required: ${missing.join(', ')}`);
  const caller = await serviceCaller(CLOUDFORMATION, region, inv.globals, deps, settings, verb === 'deploy' ? 'write' : 'read', debug);
  const call = (operation: string, request: Record<string, unknown>) => {
    onOperation(operation);
    return caller.call(operation, request);
  };
  try {
    if (verb === 'deploy') return await deploy(inv.flags, deps, call, debug);
    const spec = WAITERS[waiter!]!;
    const request = waiter === 'change-set-create-complete' ? { ChangeSetName: inv.flags.changeSetName, StackName: inv.flags.stackName } : { StackName: inv.flags.stackName };
    await wait(spec, strip(request), call);
    return EXIT.ok;
  } finally {
    caller.close();
  }
}

// ---- wait ----

interface Acceptor {
  state: 'success' | 'failure' | 'retry';
  matcher: 'path' | 'pathAll' | 'pathAny' | 'error';
  argument?: string;
  expected: string;
}

interface WaiterSpec {
  name: string;
  operation: string;
  delay: number;
  maxAttempts: number;
  acceptors: readonly Acceptor[];
}

const path = (expected: string, state: Acceptor['state'], matcher: Acceptor['matcher'] = 'pathAll', argument = 'Stacks[].StackStatus'): Acceptor => ({ state, matcher, argument, expected });
const error = (expected: string, state: Acceptor['state']): Acceptor => ({ state, matcher: 'error', expected });
const any = (...expected: string[]): Acceptor[] => expected.map((e) => path(e, 'failure', 'pathAny'));

/** botocore's cloudformation waiters-2.json, the ones a KMS stack needs. */
const WAITERS: Readonly<Record<string, WaiterSpec>> = {
  'stack-create-complete': {
    name: 'StackCreateComplete',
    operation: 'DescribeStacks',
    delay: 30,
    maxAttempts: 120,
    acceptors: [
      ...['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_FAILED', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE'].map((s) => path(s, 'success')),
      ...any('CREATE_FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED', 'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE'),
      error('ValidationError', 'failure'),
    ],
  },
  'stack-update-complete': {
    name: 'StackUpdateComplete',
    operation: 'DescribeStacks',
    delay: 30,
    maxAttempts: 120,
    acceptors: [path('UPDATE_COMPLETE', 'success'), ...any('UPDATE_FAILED', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE'), error('ValidationError', 'failure')],
  },
  'stack-delete-complete': {
    name: 'StackDeleteComplete',
    operation: 'DescribeStacks',
    delay: 30,
    maxAttempts: 120,
    acceptors: [
      path('DELETE_COMPLETE', 'success'),
      error('ValidationError', 'success'),
      ...any('DELETE_FAILED', 'CREATE_FAILED', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_COMPLETE'),
    ],
  },
  'stack-exists': {
    name: 'StackExists',
    operation: 'DescribeStacks',
    delay: 5,
    maxAttempts: 20,
    acceptors: [{ state: 'success', matcher: 'error', expected: '__none__' }, error('ValidationError', 'retry')],
  },
  'change-set-create-complete': {
    name: 'ChangeSetCreateComplete',
    operation: 'DescribeChangeSet',
    delay: 30,
    maxAttempts: 120,
    acceptors: [path('CREATE_COMPLETE', 'success', 'path', 'Status'), path('FAILED', 'failure', 'path', 'Status'), error('ValidationError', 'failure')],
  },
};

/** botocore's acceptor explanations (waiter.py). */
function explanation(a: Acceptor): string {
  switch (a.matcher) {
    case 'path':
      return `For expression "${a.argument}" we matched expected path: "${a.expected}"`;
    case 'pathAll':
      return `For expression "${a.argument}" all members matched expected path: "${a.expected}"`;
    case 'pathAny':
      return `For expression "${a.argument}" we matched expected path: "${a.expected}" at least once`;
    case 'error':
      return `Matched expected service error code: ${a.expected}`;
  }
}

function matches(a: Acceptor, response: Record<string, unknown> | undefined, err: KmsError | undefined): boolean {
  if (a.matcher === 'error') return a.expected === '__none__' ? err === undefined : err?.code === a.expected;
  if (!response) return false;
  const found = jmespath.search(response, a.argument!) as unknown;
  if (a.matcher === 'path') return found === a.expected;
  if (!Array.isArray(found) || found.length === 0) return false;
  return a.matcher === 'pathAll' ? found.every((v) => v === a.expected) : found.some((v) => v === a.expected);
}

/** Polls as botocore's Waiter.wait does; the last response is returned for deploy's messages. */
async function wait(spec: WaiterSpec, request: Record<string, unknown>, call: (op: string, req: Record<string, unknown>) => Promise<Record<string, unknown>>): Promise<Record<string, unknown> | undefined> {
  let last: Acceptor | undefined;
  for (let attempt = 1; ; attempt++) {
    let response: Record<string, unknown> | undefined;
    let err: KmsError | undefined;
    try {
      response = await call(spec.operation, request);
    } catch (e) {
      if (!(e instanceof KmsError)) throw e;
      err = e;
    }
    const acceptor = spec.acceptors.find((a) => matches(a, response, err));
    if (acceptor) last = acceptor;
    else if (err) throw new WaiterError(spec.name, `An error occurred (${err.code}): ${err.message}`, response);
    if (acceptor?.state === 'success') return response;
    if (acceptor?.state === 'failure') throw new WaiterError(spec.name, `Waiter encountered a terminal failure state: ${explanation(acceptor)}`, response);
    if (attempt >= spec.maxAttempts) {
      throw new WaiterError(spec.name, last ? `Max attempts exceeded. Previously accepted state: ${explanation(last)}` : 'Max attempts exceeded', response);
    }
    await new Promise((r) => setTimeout(r, spec.delay * 1000));
  }
}

/** botocore's WaiterError: printed as `Waiter <name> failed: <reason>`, exit 255. */
class WaiterError extends LocalError {
  constructor(
    readonly waiter: string,
    readonly reason: string,
    readonly lastResponse: Record<string, unknown> | undefined,
  ) {
    super(`Waiter ${waiter} failed: ${reason}`, EXIT.other);
  }
}

// ---- deploy ----

type Call = (op: string, req: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** deploy.py parse_key_value_arg: `Key=Value` strings, split at the first `=`. */
function keyValues(values: readonly string[], argname: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const i = v.indexOf('=');
    // the aws CLI shows the split as a Python list
    if (i < 0) throw failure(`['${v}'] value passed to --${argname} must be of format Key=Value`);
    out.set(v.slice(0, i), v.slice(i + 1));
  }
  return out;
}

/**
 * --parameter-overrides: Key=Value words, or (AWS CLI v2) one file:// JSON document: a list of
 * Key=Value strings, a list of {ParameterKey, ParameterValue}, or CodePipeline's {"Parameters": {…}}.
 */
function parameterOverrides(values: readonly string[], cwd: string): Map<string, string> {
  if (values.length !== 1 || !values[0]!.startsWith('file://')) return keyValues(values, 'parameter-overrides');
  const file = values[0]!.slice('file://'.length);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(isAbsolute(file) ? file : resolve(cwd, file), 'utf8'));
  } catch (err) {
    throw failure(`Error parsing parameter '--parameter-overrides': ${(err as Error).message}`);
  }
  if (Array.isArray(doc) && doc.every((d) => typeof d === 'string')) return keyValues(doc as string[], 'parameter-overrides');
  if (Array.isArray(doc)) return new Map(doc.map((d: { ParameterKey: string; ParameterValue: string }) => [d.ParameterKey, d.ParameterValue]));
  const params = (doc as { Parameters?: Record<string, string> }).Parameters;
  if (params && typeof params === 'object') return new Map(Object.entries(params));
  throw failure("Error parsing parameter '--parameter-overrides': expected Key=Value strings or a JSON list of them");
}

const NO_CHANGES = "The submitted information didn't contain changes.";

async function deploy(flags: Record<string, unknown>, deps: Deps, call: Call, debug: DebugLog): Promise<number> {
  const stackName = String(flags.stackName);
  const templatePath = resolve(deps.cwd, String(flags.templateFile));
  let isFile = false;
  try {
    isFile = statSync(templatePath).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw failure(`Invalid template path ${String(flags.templateFile)}`);
  const body = readFileSync(templatePath, 'utf8');
  const overrides = parameterOverrides((flags.parameterOverrides as string[] | undefined) ?? [], deps.cwd);
  const tags = [...keyValues((flags.tags as string[] | undefined) ?? [], 'tags')].map(([Key, Value]) => ({ Key, Value }));
  if (Buffer.byteLength(body) > 51_200) {
    throw failure(
      'Templates with a size greater than 51,200 bytes must be deployed via an S3 Bucket. Please add the --s3-bucket parameter to your command. The local template will be copied to that S3 bucket and then deployed.',
    );
  }
  // deploy.py merge_parameters: every template parameter, overridden or UsePreviousValue
  let declared: string[] = [];
  try {
    const parsed = parseTemplate(body) as { Parameters?: unknown };
    if (parsed.Parameters && typeof parsed.Parameters === 'object') declared = Object.keys(parsed.Parameters);
  } catch {
    // CreateChangeSet reports the template's format error in CloudFormation's words
  }
  let parameters: Array<Record<string, unknown>> = declared.map((k) => (overrides.has(k) ? { ParameterKey: k, ParameterValue: overrides.get(k) } : { ParameterKey: k, UsePreviousValue: true }));

  // deployer.py has_stack: "does not exist" is told by the message
  let exists = false;
  try {
    const stacks = (await call('DescribeStacks', { StackName: stackName })).Stacks as Array<{ StackStatus: string }>;
    exists = stacks.length === 1 && stacks[0]!.StackStatus !== 'REVIEW_IN_PROGRESS';
  } catch (err) {
    if (!(err instanceof KmsError) || !err.message.includes(`Stack with id ${stackName} does not exist`)) throw err;
  }
  let type: 'CREATE' | 'UPDATE';
  if (!exists) {
    type = 'CREATE';
    parameters = parameters.filter((p) => !p.UsePreviousValue);
  } else {
    type = 'UPDATE';
    const summary = await call('GetTemplateSummary', { StackName: stackName });
    const existing = new Set(((summary.Parameters as Array<{ ParameterKey: string }> | undefined) ?? []).map((p) => p.ParameterKey));
    parameters = parameters.filter((p) => !(p.UsePreviousValue && !existing.has(p.ParameterKey as string)));
  }
  const now = new Date(deps.clock.now().getTime());
  const created = await call('CreateChangeSet', {
    ChangeSetName: `awscli-cloudformation-package-deploy-${Math.floor(now.getTime() / 1000)}`,
    StackName: stackName,
    TemplateBody: body,
    ChangeSetType: type,
    Parameters: parameters,
    Capabilities: (flags.capabilities as string[] | undefined) ?? [],
    // Python's isoformat of a naive UTC datetime: microseconds, no zone
    Description: `Created by AWS CLI at ${now.toISOString().slice(0, -1)}000 UTC`,
    Tags: tags,
    ...(flags.roleArn !== undefined ? { RoleARN: flags.roleArn } : {}),
    ...(flags.notificationArns !== undefined ? { NotificationARNs: flags.notificationArns } : {}),
  });
  const changeSetId = String(created.Id);
  debug(`change set ${changeSetId} (${type})`);
  deps.stdout.write('\nWaiting for changeset to be created..\n');
  try {
    await wait({ ...WAITERS['change-set-create-complete']!, delay: 5 }, { ChangeSetName: changeSetId, StackName: stackName }, call);
  } catch (err) {
    if (!(err instanceof WaiterError)) throw err;
    const status = String(err.lastResponse?.Status ?? '');
    const reason = String(err.lastResponse?.StatusReason ?? '');
    if ((status === 'FAILED' && reason.includes(NO_CHANGES)) || reason.includes('No updates are to be performed')) {
      const message = `No changes to deploy. Stack ${stackName} is up to date`;
      if (flags.failOnEmptyChangeset === true) throw failure(message);
      deps.stdout.write(`\n${message}\n`);
      return EXIT.ok;
    }
    throw failure(`Failed to create the changeset: ${err.message} Status: ${status}. Reason: ${reason}`);
  }
  if (flags.executeChangeset === false) {
    deps.stdout.write(`Changeset created successfully. Run the following command to review changes:\nkms cloudformation describe-change-set --change-set-name ${changeSetId}\n`);
    return EXIT.ok;
  }
  await call('ExecuteChangeSet', { ChangeSetName: changeSetId, StackName: stackName, DisableRollback: flags.disableRollback === true });
  deps.stdout.write('Waiting for stack create/update to complete\n');
  try {
    await wait(WAITERS[type === 'CREATE' ? 'stack-create-complete' : 'stack-update-complete']!, { StackName: stackName }, call);
  } catch (err) {
    if (!(err instanceof WaiterError)) throw err;
    throw failure(
      `Failed to create/update the stack. Run the following command\nto fetch the list of events leading up to the failure\nkms cloudformation describe-stack-events --stack-name ${stackName}`,
    );
  }
  deps.stdout.write(`Successfully created/updated stack - ${stackName}\n`);
  return EXIT.ok;
}

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
