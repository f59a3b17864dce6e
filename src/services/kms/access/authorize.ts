// Authorization of every KMS request, inside its transaction and before its handler: who calls
// (IAM's callers), what the request touches (its key or keys, an alias, or `*`), the request
// context, and the decision of the key policy, the caller's IAM policies and the key's grants
// (src/authz). A denial is AccessDeniedException with AWS's text; `audit` reports and allows.
// Must not import operation handlers or the CLI.

import { rootArn } from '../../../api/arn.js';
import { accessDeniedMessage, decideKms, describeDecision, parsePolicy, PolicySyntaxError } from '../../../authz/index.js';
import type { Caller, ContextValue, Decision, SourcedPolicy } from '../../../authz/types.js';
import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { parseCiphertextBlob } from '../../../crypto/families.js';
import { callerOf, identityPoliciesOf } from '../../iam/callers.js';
import { grantOfToken, type GrantRecord } from '../grants/grants.js';
import { aliasArn, parseKmsArn, type KeyRecord } from '../keys/key-record.js';
import { regionContext } from '../keys/multi-region.js';
import { findAlias, findKey, resolveKey, type AliasRecord } from '../keys/resolve.js';
import { aliasPrefix, grantKeyPrefix, grantRecordName } from '../records.js';
import { OPERATION_ACCESS } from './actions.js';
import { addEncryptionContext, addKeyContext, addRequestContext, callerContext } from './request-context.js';

type Req = Record<string, unknown>;

/** The operations whose requests carry kms:GrantIsForAWSResource. */
const GRANT_CALLS = new Set(['CreateGrant', 'ListGrants', 'RevokeGrant']);

/** One permission a request needs. */
interface Check {
  action: string;
  /** The ARN the message names; undefined for a secondary permission (CreateKey's kms:TagResource). */
  resource: string | undefined;
  /** The key whose policy and grants take part; undefined: IAM policies alone decide. */
  key?: KeyRecord;
  context: Map<string, ContextValue>;
  crossAccount: boolean;
  /** The grant operation that could allow it instead of a policy. */
  grantOperation?: string;
}

/** The account's root as the principal grants and policies name it. */
function isAccountRoot(principal: string, account: string, partition: string): boolean {
  return principal === account || principal === rootArn(partition, account);
}

/** The key a KeyId-like member names, or undefined when it names none (the handler then says why). */
async function keyOf(ctx: EngineContext, id: unknown): Promise<{ key: KeyRecord; alias?: string } | undefined> {
  if (typeof id !== 'string') return undefined;
  try {
    const key = await resolveKey(ctx, id, { aliases: true });
    const arn = parseKmsArn(id);
    const alias = id.startsWith('alias/') ? id : arn?.kind === 'alias' ? arn.name : undefined;
    return { key, alias };
  } catch (err) {
    if (err instanceof KmsError) return undefined;
    throw err;
  }
}

/** Decrypt and ReEncrypt: the key a symmetric ciphertext names, else the KeyId given. */
async function keyOfCiphertext(ctx: EngineContext, blob: unknown, given: unknown): Promise<{ key: KeyRecord; alias?: string } | undefined> {
  if (given !== undefined) return keyOf(ctx, given);
  if (!(blob instanceof Uint8Array)) return undefined;
  try {
    const key = await findKey(ctx, parseCiphertextBlob(blob).keyId);
    return key && { key };
  } catch (err) {
    if (err instanceof KmsError) return undefined;
    throw err;
  }
}

/** The permissions `operation` needs for `req`: one per key it touches, plus the secondary ones. */
async function checksOf(ctx: EngineContext, operation: string, req: Req, base: Map<string, ContextValue>): Promise<Check[]> {
  const access = OPERATION_ACCESS[operation];
  if (!access) return [];
  const ctxFor = (side: 'from' | 'to' = 'from') => {
    const c = new Map(base);
    addRequestContext(c, operation, req, side);
    // a grant call an AWS service makes for the caller (the via_service setting) is for an AWS resource
    if (ctx.authorization?.viaService !== undefined && GRANT_CALLS.has(operation)) c.set('kms:GrantIsForAWSResource', true);
    return c;
  };
  const onKey = (action: string, found: { key: KeyRecord; alias?: string } | undefined, side: 'from' | 'to' = 'from', grantOperation = access.grantOperation): Check[] => {
    if (!found) return [];
    const context = ctxFor(side);
    if (found.alias !== undefined) context.set('kms:RequestAlias', found.alias);
    return [{ action, resource: found.key.Arn, key: found.key, context, crossAccount: access.crossAccount, grantOperation }];
  };
  const onAny = (action: string, resource = '*'): Check => ({ action, resource, context: ctxFor(), crossAccount: false });
  // a secondary permission: decided on `*`, named in a denial without a resource
  const secondary = (action: string): Check => ({ ...onAny(action), resource: undefined });

  switch (operation) {
    case 'CreateKey': {
      const checks = [onAny('kms:CreateKey')];
      // CreateKey with Tags also needs kms:TagResource, a secondary permission named without a resource
      if (Array.isArray(req.Tags) && req.Tags.length > 0) checks.push(secondary('kms:TagResource'));
      return checks;
    }
    case 'Decrypt':
      return onKey(access.action, await keyOfCiphertext(ctx, req.CiphertextBlob, req.KeyId));
    case 'ReEncrypt':
      // kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the destination
      return [
        ...onKey('kms:ReEncryptFrom', await keyOfCiphertext(ctx, req.CiphertextBlob, req.SourceKeyId), 'from', 'ReEncryptFrom'),
        ...onKey('kms:ReEncryptTo', await keyOf(ctx, req.DestinationKeyId), 'to', 'ReEncryptTo'),
      ];
    case 'CreateAlias':
    case 'DeleteAlias':
    case 'UpdateAlias': {
      // "permission to call the alias operation on the alias and on all affected KMS keys"
      // a name under alias/aws/ is refused by the handler whoever calls (NotAuthorizedException)
      if (typeof req.AliasName !== 'string' || !req.AliasName.startsWith('alias/') || req.AliasName.startsWith('alias/aws/')) return [];
      const checks = [onAny(access.action, aliasArn(ctx, req.AliasName))];
      const current = operation === 'CreateAlias' ? undefined : await findAliasQuietly(ctx, req.AliasName);
      if (current) checks.push(...onKey(access.action, await keyOf(ctx, current.TargetKeyId)));
      if (operation !== 'DeleteAlias') checks.push(...onKey(access.action, await keyOf(ctx, req.TargetKeyId)));
      return checks;
    }
    case 'ReplicateKey': {
      // kms:ReplicateKey on the primary, and kms:CreateKey (+ kms:TagResource) in the replica's Region
      const checks = onKey(access.action, await keyOf(ctx, req.KeyId));
      checks.push(onAny('kms:CreateKey'));
      if (Array.isArray(req.Tags) && req.Tags.length > 0) checks.push(secondary('kms:TagResource'));
      return checks;
    }
    case 'UpdatePrimaryRegion': {
      // kms:UpdatePrimaryRegion on the primary and on the replica that becomes primary (its own policy)
      const primary = await keyOf(ctx, req.KeyId);
      const checks = onKey(access.action, primary);
      if (primary && typeof req.PrimaryRegion === 'string' && req.PrimaryRegion !== ctx.region && /^[a-z0-9-]+$/.test(req.PrimaryRegion)) {
        const replica = await findKey(regionContext(ctx, req.PrimaryRegion), primary.key.KeyId);
        if (replica) checks.push(...onKey(access.action, { key: replica }));
      }
      return checks;
    }
    case 'RetireGrant':
      // decided by the grant (retireCheck), not here
      return [];
    default:
      if (access.resource === '*') return [onAny(access.action)];
      return onKey(access.action, await keyOf(ctx, req.KeyId));
  }
}

async function findAliasQuietly(ctx: EngineContext, name: string): Promise<AliasRecord | undefined> {
  try {
    return await findAlias(ctx, name);
  } catch (err) {
    if (err instanceof KmsError) return undefined;
    throw err;
  }
}

/** The aliases of a key, for kms:ResourceAliases. */
export async function aliasesOf(ctx: EngineContext, key: KeyRecord): Promise<string[]> {
  const all = await ctx.store.list<AliasRecord>(aliasPrefix(key.Region));
  return all.filter((a) => a.value.TargetKeyId === key.KeyId).map((a) => a.value.AliasName);
}

/** Whether a grant's grantee (or retiring principal) is this caller: its ARN, its role, or its account's root. */
export function namesCaller(principal: string | undefined, caller: Caller, partition: string): boolean {
  if (principal === undefined) return false;
  if (principal === caller.arn || (caller.roleArn !== undefined && principal === caller.roleArn)) return true;
  return caller.kind === 'root' && isAccountRoot(principal, caller.account, partition);
}

/** Whether the grant's constraints hold for the request's encryption context. */
function constraintsHold(grant: GrantRecord, context: Readonly<Record<string, string>> | undefined): boolean {
  const c = grant.Constraints;
  if (c === undefined) return true;
  const given = context ?? {};
  if (c.EncryptionContextEquals !== undefined) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(given);
    return keys.length === Object.keys(want).length && keys.every((k) => want[k] === given[k]);
  }
  if (c.EncryptionContextSubset !== undefined) {
    return Object.entries(c.EncryptionContextSubset).every(([k, v]) => given[k] === v);
  }
  return true;
}

/** The encryption context a grant's constraints are checked against, for this check. */
function grantContextOf(operation: string, req: Req, action: string): Readonly<Record<string, string>> | undefined {
  if (operation === 'ReEncrypt') return (action === 'kms:ReEncryptTo' ? req.DestinationEncryptionContext : req.SourceEncryptionContext) as Record<string, string> | undefined;
  return req.EncryptionContext as Record<string, string> | undefined;
}

/**
 * CreateGrant allowed by a grant: only a subset of the parent's operations, with constraints at
 * least as strict ("Grants in AWS KMS", grant permissions).
 */
function narrows(parent: GrantRecord, req: Req): boolean {
  const ops = Array.isArray(req.Operations) ? (req.Operations as string[]) : [];
  if (!ops.every((o) => parent.Operations.includes(o as never))) return false;
  const pc = parent.Constraints;
  if (pc === undefined) return true;
  const child = (req.Constraints ?? {}) as { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> };
  if (pc.EncryptionContextEquals !== undefined) {
    const want = pc.EncryptionContextEquals;
    const got = child.EncryptionContextEquals;
    return got !== undefined && Object.keys(got).length === Object.keys(want).length && Object.entries(want).every(([k, v]) => got[k] === v);
  }
  const subset = pc.EncryptionContextSubset ?? {};
  const got = child.EncryptionContextEquals ?? child.EncryptionContextSubset;
  return got !== undefined && Object.entries(subset).every(([k, v]) => got[k] === v);
}

/** The id of a grant of the check's key that allows it for this caller, if any. */
async function grantFor(ctx: EngineContext, check: Check, caller: Caller, operation: string, req: Req): Promise<string | undefined> {
  if (!check.key || check.grantOperation === undefined) return undefined;
  const grants = await ctx.store.list<GrantRecord>(grantKeyPrefix(check.key.Region, check.key.KeyId));
  const context = grantContextOf(operation, req, check.action);
  for (const { value: g } of grants) {
    if (!namesCaller(g.GranteePrincipal, caller, ctx.partition)) continue;
    if (!g.Operations.includes(check.grantOperation as never)) continue;
    // CreateGrant carries no encryption context: the child grant's constraints must narrow the parent's
    if (operation === 'CreateGrant' ? !narrows(g, req) : !constraintsHold(g, context)) continue;
    return g.GrantId;
  }
  return undefined;
}

/** The decision for one check: the key policy and IAM first, then (where they do not allow) a grant. */
export async function decideCheck(ctx: EngineContext, caller: Caller, identity: readonly SourcedPolicy[], check: Check, operation: string, req: Req): Promise<Decision> {
  const keyPolicy: SourcedPolicy | undefined = check.key ? { id: check.key.PolicyName, type: 'resource', document: check.key.Policy } : undefined;
  const input = {
    request: { caller, action: check.action, resource: check.resource ?? '*', context: check.context },
    resourceAccount: check.key?.AWSAccountId ?? ctx.account,
    keyPolicy,
    identityPolicies: identity,
    crossAccountAllowed: check.crossAccount,
  };
  try {
    const first = decideKms(input);
    if (first.decision !== 'implicitDeny') return first;
    const grantId = await grantFor(ctx, check, caller, operation, req);
    return grantId === undefined ? first : decideKms({ ...input, grantId });
  } catch (err) {
    // A stored policy today's parser refuses (a key policy from before policies were evaluated, an
    // IAM policy IAM's lighter check let in): it may hold a Deny, so nothing is allowed on it.
    if (!(err instanceof PolicySyntaxError)) throw err;
    throw unreadablePolicy(keyPolicy, identity, caller, check.key);
  }
}

/** Which stored policy the parser refused, and how its owner replaces it. */
function unreadablePolicy(keyPolicy: SourcedPolicy | undefined, identity: readonly SourcedPolicy[], caller: Caller, key: KeyRecord | undefined): KmsError {
  const refusal = (p: SourcedPolicy, kind: 'resource' | 'identity'): string | undefined => {
    try {
      parsePolicy(p.document, kind);
      return undefined;
    } catch (err) {
      if (err instanceof PolicySyntaxError) return err.message;
      throw err;
    }
  };
  const inKey = keyPolicy && key ? refusal(keyPolicy, 'resource') : undefined;
  if (inKey !== undefined) {
    return new KmsError(
      'MalformedPolicyDocumentException',
      `the key policy of ${key!.Arn} cannot be evaluated (${inKey}); replace it, for example with KMS_AUTHORIZATION=off kms put-key-policy --key-id <key> --policy file://policy.json`,
    );
  }
  for (const p of identity) {
    const why = refusal(p, 'identity');
    if (why !== undefined) {
      return new KmsError('MalformedPolicyDocumentException', `the IAM policy ${p.id} of ${caller.arn} cannot be evaluated (${why}); replace it with kms iam put-user-policy, put-role-policy or create-policy`);
    }
  }
  return new KmsError('MalformedPolicyDocumentException', `a policy of ${caller.arn} cannot be evaluated`);
}

/** RetireGrant: the grant's retiring principal, or its grantee when it lists RetireGrant; else IAM, for the account. */
async function retireCheck(ctx: EngineContext, caller: Caller, identity: readonly SourcedPolicy[], req: Req, base: Map<string, ContextValue>): Promise<{ check: Check; decision: Decision } | undefined> {
  let grant: GrantRecord | undefined;
  let key: KeyRecord | undefined;
  try {
    if (typeof req.GrantToken === 'string') {
      const found = await grantOfToken(ctx, req.GrantToken);
      grant = found.grant;
    } else if (typeof req.KeyId === 'string' && typeof req.GrantId === 'string') {
      key = (await keyOf(ctx, req.KeyId))?.key;
      grant = key && (await ctx.store.get<GrantRecord>(grantRecordName(key.Region, key.KeyId, req.GrantId)));
    }
  } catch (err) {
    if (err instanceof KmsError) return undefined;
    throw err;
  }
  if (!grant) return undefined;
  const context = new Map(base);
  addEncryptionContext(context, grant.Constraints?.EncryptionContextEquals ?? grant.Constraints?.EncryptionContextSubset);
  const check: Check = { action: 'kms:RetireGrant', resource: grant.KeyArn, context, crossAccount: true };
  const byGrant = namesCaller(grant.RetiringPrincipal, caller, ctx.partition) || (grant.Operations.includes('RetireGrant') && namesCaller(grant.GranteePrincipal, caller, ctx.partition));
  if (byGrant) return { check, decision: { decision: 'allowed', matched: [], missingContextValues: [], grantId: grant.GrantId } };
  // "kms:RetireGrant is not effective in a key policy": the account (root, or whom IAM lets) retires as a backup
  const decision = decideKms({
    request: { caller, action: check.action, resource: grant.KeyArn, context },
    resourceAccount: ctx.account,
    identityPolicies: identity,
    crossAccountAllowed: false,
  });
  return { check, decision };
}

/**
 * Authorizes one KMS request for the caller `ctx.caller` names, per the `authorization` setting
 * (enforce: AccessDeniedException; audit: report and allow; off: nothing).
 */
export async function authorizeKmsRequest(ctx: EngineContext, operation: string, req: Req): Promise<void> {
  const settings = ctx.authorization;
  const mode = settings?.mode ?? 'enforce';
  // off: nothing is decided, but a key the keyring issued still needs its own secret
  if (mode === 'off') return void (ctx.caller?.secretAccessKey !== undefined && (await callerOf(ctx)));
  const caller = await callerOf(ctx);
  if (settings?.debug) settings.report?.(`authorization: ${operation} runs as ${caller.arn}`);
  const base = callerContext(ctx, caller);
  const identity = await identityPoliciesOf(ctx.store, caller);
  const decided: { check: Check; decision: Decision }[] = [];
  if (operation === 'RetireGrant') {
    const r = await retireCheck(ctx, caller, identity, req, base);
    if (r) decided.push(r);
  } else {
    const checks = await checksOf(ctx, operation, req, base);
    const wantsAliases = checks.some((c) => c.key) && [...checks.map((c) => c.key?.Policy ?? ''), ...identity.map((p) => p.document)].some((t) => /resourcealiases/i.test(t));
    for (const check of checks) {
      if (check.key) addKeyContext(check.context, check.key, wantsAliases ? await aliasesOf(ctx, check.key) : []);
      const decision = await decideCheck(ctx, caller, identity, check, operation, req);
      decided.push({ check, decision });
      if (decision.decision !== 'allowed') break;
    }
  }
  for (const { check, decision } of decided) {
    const where = check.resource ?? '(no resource)';
    if (settings?.debug) settings.report?.(`authorization: ${caller.arn} ${check.action} on ${where}: ${describeDecision(decision)}`);
    if (decision.decision === 'allowed') continue;
    const message = accessDeniedMessage(caller.arn, check.action, check.resource, decision);
    if (mode === 'audit') {
      settings?.report?.(`authorization audit: would deny: ${message}`);
      continue;
    }
    throw new KmsError('AccessDeniedException', message);
  }
}
