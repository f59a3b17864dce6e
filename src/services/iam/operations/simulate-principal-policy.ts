// SimulatePrincipalPolicy: would this user, role or role session be allowed these actions on these
// resources? One EvaluationResult per action × resource (action-major), paged by MaxItems/Marker.
// `kms:` actions are answered as kms would decide the call (key policy, grants, cross-account
// rules: services/kms/access/simulate.ts, imported lazily — the one import of services/kms in
// IAM); other actions by IAM's rules, as IAM's and STS's own authorization decides them
// (authorize.ts: the identity policies, a ResourcePolicy if given, a held role's trust policy for
// sts:AssumeRole).
//
// kms's choices, beside AWS's behaviour:
// - PolicySourceArn may also name an assumed-role session (`arn:aws:sts::A:assumed-role/ROLE/S`:
//   the role's policies, the session as the caller) or the account root (no identity policies;
//   KMS key policies bind it). A user or role the keyring does not hold is NoSuchEntity in this
//   account; in another account it is simulated with PolicyInputList alone. kms keeps no groups.
// - CallerArn (an IAM user) is the simulated caller, the policies still PolicySourceArn's; unlike
//   AWS it is not required with a ResourcePolicy, as kms knows a role's caller (the role itself).
// - PolicyInputList policies are `PolicyInputList.<n>` (1-based) of SourcePolicyType `none`; the
//   ResourcePolicy is `ResourcePolicy` of type `resource`.
// - StartPosition/EndPosition: the 1-based line and column of the statement's `{` and of its `}`
//   in the policy's text as stored (or given).
// - One result per action × resource, as AWS did before it moved to one result per action with
//   ResourceSpecificResults.
// - PermissionsBoundaryPolicyInputList is refused (kms evaluates no boundaries);
//   ResourceHandlingOption (EC2 scenarios) is ignored.

import { parseArn } from '../../../api/arn.js';
import { decideIdentity, parsePolicy, PolicySyntaxError } from '../../../authz/index.js';
import type { Caller, ContextValue, Decision, EvalDecision, MatchedStatement, SourcedPolicy } from '../../../authz/types.js';
import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { callerOf, identityPoliciesOf, roleTrustPolicy } from '../callers.js';
import { pageOf } from '../paging.js';
import type { PrincipalRecord } from '../principals.js';
import { roleRecordName, userRecordName } from '../records.js';
import type { ContextEntry, EvaluationResult, IamOperations, Position, SimulatePrincipalPolicyRequest, Statement } from '../types.gen.js';

const invalidInput = (message: string) => new KmsError('InvalidInput', message);

const PRINCIPAL = /^arn:([\w-]+):(iam|sts)::(\d{12}):(root|user|role|group|assumed-role)(\/(?:[^/]*\/)*)?([^/]*)$/;

/** The principal an ARN names, as a call made by it would run; NoSuchEntity as IAM words it for one the keyring lacks. */
async function principalOf(ctx: EngineContext, arn: string, usersOnly: boolean): Promise<Caller> {
  const m = PRINCIPAL.exec(arn);
  const invalid = () => invalidInput(`Invalid Entity Arn: ${arn} does not clearly define entity type and name.`);
  if (!m) throw invalid();
  const [, , service, account, kind, path = '/', name] = m as unknown as [string, string, string, string, string, string | undefined, string];
  if (usersOnly && !(service === 'iam' && kind === 'user')) throw invalidInput(`CallerArn must be the ARN of an IAM user: ${arn}`);
  // held under that name, path and case exactly; else NoSuchEntity in this account (or when the
  // keyring holds a principal of that name, which the ARN misnames)
  const held = async (what: 'user' | 'role', recordName: string, wantName: string, wantPath?: string) => {
    const r = await ctx.store.get<PrincipalRecord>(recordName);
    if (r && r.name === wantName && (wantPath === undefined || r.path === wantPath)) return;
    if (r || account === ctx.account) throw new KmsError('NoSuchEntity', `The ${what} with name ${wantName} cannot be found.`);
  };
  if (service === 'iam' && kind === 'user' && name !== '') await held('user', userRecordName(account, name), name, path);
  else if (service === 'iam' && kind === 'role' && name !== '') await held('role', roleRecordName(account, name), name, path);
  else if (service === 'sts' && kind === 'assumed-role' && name !== '' && /^\/[^/]+\/$/.test(path)) {
    const roleName = path.slice(1, -1);
    await held('role', roleRecordName(account, roleName), roleName);
  } else if (service === 'iam' && kind === 'group' && name !== '') throw new KmsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
  else if (!(service === 'iam' && kind === 'root' && name === '' && path === '/')) throw invalid();
  return callerOf({ ...ctx, caller: { principalArn: arn } });
}

/** Parses a policy the simulation evaluates, so that one the evaluator cannot read fails the call instead of being skipped. */
function checkPolicy(policy: SourcedPolicy, kind: 'resource' | 'identity', code: 'InvalidInput' | 'PolicyEvaluation', label: string): void {
  try {
    parsePolicy(policy.document, kind);
  } catch (err) {
    if (!(err instanceof PolicySyntaxError)) throw err;
    throw new KmsError(code, `${label} cannot be evaluated (${err.message}).`);
  }
}

const SCALAR_TYPES = new Set(['string', 'numeric', 'boolean', 'date', 'ip', 'binary']);

/** One ContextKeyValues element, checked and normalized for its type (lists hold strings, as the operators read them). */
function convert(name: string, type: string, raw: string): string | number | boolean | Date {
  const bad = () => invalidInput(`ContextKeyValues of ${name}: ${JSON.stringify(raw)} is not a valid ${type.replace(/List$/, '')} value.`);
  switch (type.replace(/List$/, '')) {
    case 'numeric': {
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw bad();
      return n;
    }
    case 'boolean':
      if (!/^(true|false)$/i.test(raw)) throw bad();
      return raw.toLowerCase() === 'true';
    case 'date': {
      const ms = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(ms)) throw bad();
      return new Date(ms);
    }
    default:
      return raw;
  }
}

const asText = (v: string | number | boolean | Date): string => (v instanceof Date ? v.toISOString() : String(v));

/** ContextEntries as request context values: scalar types take one value, list types any number (as strings). */
function contextOf(entries: readonly ContextEntry[] | undefined): Map<string, ContextValue> {
  const out = new Map<string, ContextValue>();
  for (const e of entries ?? []) {
    const name = e.ContextKeyName;
    if (name === undefined || name === '') throw invalidInput('ContextEntries: ContextKeyName is required.');
    const type = e.ContextKeyType ?? 'string';
    const values = e.ContextKeyValues ?? [];
    let value: ContextValue;
    if (SCALAR_TYPES.has(type)) {
      if (values.length !== 1) throw invalidInput(`ContextKeyValues of ${name}: a ${type} key takes exactly one value (use ${type}List for several).`);
      value = convert(name, type, values[0]!);
    } else value = values.map((v) => asText(convert(name, type, v)));
    // a later entry for the same key (in any case) replaces an earlier one
    for (const k of [...out.keys()]) if (k.toLowerCase() === name.toLowerCase()) out.delete(k);
    out.set(name, value);
  }
  return out;
}

/** Offsets of the `{` and `}` of each element of the top-level Statement (a list, or one object) in JSON text. */
function statementSpans(text: string): { start: number; end: number }[] | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = (): void => {
    ws();
    const open = text[i];
    if (open === '"') return skipString();
    if (open !== '{' && open !== '[') {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return;
    }
    const close = open === '{' ? '}' : ']';
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (open === '{') {
        ws();
        skipString();
        ws();
        i++; // ':'
      }
      skipValue();
      ws();
      if (text[i++] !== ',') return;
    }
  };
  try {
    let spans: { start: number; end: number }[] | undefined;
    ws();
    if (text[i++] !== '{') return undefined;
    ws();
    if (text[i] === '}') return undefined;
    for (;;) {
      ws();
      const keyStart = i;
      skipString();
      const key = JSON.parse(text.slice(keyStart, i)) as string;
      ws();
      i++; // ':'
      ws();
      if (key !== 'Statement') skipValue();
      else if (text[i] === '{') {
        const start = i;
        skipValue();
        spans = [{ start, end: i - 1 }];
      } else if (text[i] === '[') {
        spans = [];
        i++;
        ws();
        if (text[i] === ']') i++;
        else {
          for (;;) {
            ws();
            const start = i;
            skipValue();
            spans.push({ start, end: i - 1 });
            ws();
            if (text[i++] !== ',') break;
          }
        }
      } else skipValue();
      ws();
      if (text[i++] !== ',') return spans;
    }
  } catch {
    return undefined;
  }
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { Line: line, Column: offset - before.lastIndexOf('\n') };
}

export default async function simulatePrincipalPolicy(ctx: EngineContext, req: SimulatePrincipalPolicyRequest): Promise<IamOperations['SimulatePrincipalPolicy']['output']> {
  // kms's authorization applies no permissions boundary: one given would be silently ignored
  if (req.PermissionsBoundaryPolicyInputList?.length) throw invalidInput('PermissionsBoundaryPolicyInputList is not supported: kms does not evaluate permissions boundaries.');
  const source = await principalOf(ctx, req.PolicySourceArn, false);
  const caller = req.CallerArn !== undefined ? await principalOf(ctx, req.CallerArn, true) : source;
  const stored = await identityPoliciesOf(ctx.store, source);
  for (const p of stored) checkPolicy(p, 'identity', 'PolicyEvaluation', `The policy ${p.id} of ${source.arn}`);
  const inputs: SourcedPolicy[] = (req.PolicyInputList ?? []).map((document, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'user', document }));
  for (const p of inputs) checkPolicy(p, 'identity', 'InvalidInput', p.id);
  const identity = [...stored, ...inputs];
  const resourcePolicy: SourcedPolicy | undefined = req.ResourcePolicy !== undefined ? { id: 'ResourcePolicy', type: 'resource', document: req.ResourcePolicy } : undefined;
  if (resourcePolicy) checkPolicy(resourcePolicy, 'resource', 'InvalidInput', 'ResourcePolicy');
  let resourceOwner: string | undefined;
  if (req.ResourceOwner !== undefined) {
    resourceOwner = /^\d{12}$/.test(req.ResourceOwner) ? req.ResourceOwner : parseArn(req.ResourceOwner)?.account;
    if (!resourceOwner || !/^\d{12}$/.test(resourceOwner)) throw invalidInput(`ResourceOwner must be an account id or an ARN naming one: ${req.ResourceOwner}`);
  }
  const given = contextOf(req.ContextEntries);

  const resources = req.ResourceArns?.length ? req.ResourceArns : ['*'];
  const pairs = req.ActionNames.flatMap((action) => resources.map((resource) => ({ action, resource })));
  // the Marker names the position of the last result given (opaque, as IAM's markers are)
  const page = pageOf(pairs.map((p, i) => ({ ...p, at: String(i).padStart(8, '0') })), (p) => p.at, req.Marker, req.MaxItems);
  const isKms = (action: string) => action.toLowerCase().startsWith('kms:');
  const kms = page.items.some((p) => isKms(p.action)) ? await import('../../kms/access/simulate.js') : undefined;

  // the documents MatchedStatements point into, by type and id
  const documents = new Map<string, string>(identity.map((p) => [`${p.type}\0${p.id}`, p.document]));
  const inputIds = new Set(inputs.map((p) => p.id));
  const spans = new Map<string, ReturnType<typeof statementSpans>>();
  const statementOf = (m: MatchedStatement): Statement => {
    const out: Statement = { SourcePolicyId: m.sourcePolicyId, SourcePolicyType: m.sourcePolicyType === 'user' && inputIds.has(m.sourcePolicyId) ? 'none' : m.sourcePolicyType };
    const text = documents.get(`${m.sourcePolicyType}\0${m.sourcePolicyId}`);
    if (text === undefined) return out;
    if (!spans.has(text)) spans.set(text, statementSpans(text));
    const span = spans.get(text)?.[m.index];
    if (span) {
      out.StartPosition = positionAt(text, span.start);
      out.EndPosition = positionAt(text, span.end);
    }
    return out;
  };

  const results: EvaluationResult[] = [];
  for (const { action, resource } of page.items) {
    let decision: Decision;
    let details: Record<string, EvalDecision> | undefined;
    if (kms && isKms(action)) {
      const sim = await kms.simulateKmsAction(ctx, caller, identity, action, resource, given, { resourcePolicy: resourcePolicy?.document, resourceOwner });
      decision = sim.decision;
      details = sim.details;
      if (sim.resourcePolicy) documents.set(`resource\0${sim.resourcePolicy.id}`, sim.resourcePolicy.document);
    } else {
      // IAM's own rules, with the context IAM's authorization gives (authorize.ts) under the entries
      const trust = resourcePolicy ?? (action.toLowerCase() === 'sts:assumerole' ? await roleTrustPolicy(ctx.store, resource) : undefined);
      if (trust) documents.set(`resource\0${trust.id}`, trust.document);
      const now = ctx.clock.now();
      const context = new Map<string, ContextValue>([['aws:CurrentTime', now], ['aws:EpochTime', Math.floor(now.getTime() / 1000)], ['aws:RequestedRegion', ctx.region]]);
      for (const [k, v] of given) {
        for (const c of [...context.keys()]) if (c.toLowerCase() === k.toLowerCase()) context.delete(c);
        context.set(k, v);
      }
      try {
        const input = { request: { caller, action, resource, context }, resourceAccount: parseArn(resource)?.account || resourceOwner || ctx.account, identityPolicies: identity };
        decision = decideIdentity({ ...input, resourcePolicy: trust });
        // decideIdentity reads a resource policy as a trust policy (always required); any other
        // resource policy only adds, in its own account, to what the identity policies allow
        if (decision.decision === 'implicitDeny' && trust && !/^sts:assumerole/i.test(action) && caller.account === input.resourceAccount) {
          const alone = decideIdentity(input);
          if (alone.decision === 'allowed') decision = { ...alone, missingContextValues: decision.missingContextValues };
        }
      } catch (err) {
        // a stored trust policy the evaluator cannot read
        if (!(err instanceof PolicySyntaxError)) throw err;
        throw new KmsError('PolicyEvaluation', `The trust policy of ${resource} cannot be evaluated (${err.message}).`);
      }
    }
    const result: EvaluationResult = {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: decision.decision,
      MatchedStatements: decision.matched.map(statementOf),
      MissingContextValues: decision.missingContextValues,
    };
    if (details) result.EvalDecisionDetails = details;
    results.push(result);
  }
  return { EvaluationResults: results, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
}
