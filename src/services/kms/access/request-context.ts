// The request context of a KMS call, as AWS builds it for condition keys: who calls (aws:*), the
// key (kms:KeySpec, aliases, tags) and the request's own parameters with their defaults (kms:*).
// Condition keys for AWS KMS: "This type of condition works even when the parameter doesn't
// appear in the request" for the defaults. Must not import operation handlers or the CLI.

import type { Caller, ContextValue } from '../../../authz/types.js';
import type { EngineContext } from '../../../engine/context.js';
import type { KeyRecord } from '../keys/key-record.js';

type Req = Record<string, unknown>;
type Context = Map<string, ContextValue>;

/** The caller's global keys: aws:PrincipalArn (a session's role), aws:userid, aws:username, time, source. */
export function callerContext(ctx: EngineContext, caller: Caller): Context {
  const c: Context = new Map();
  const now = ctx.clock.now();
  c.set('aws:PrincipalArn', caller.roleArn ?? caller.arn);
  c.set('aws:PrincipalAccount', caller.account);
  c.set('aws:PrincipalType', caller.kind === 'root' ? 'Account' : caller.kind === 'user' ? 'User' : 'AssumedRole');
  c.set('aws:userid', caller.userId);
  if (caller.userName !== undefined) c.set('aws:username', caller.userName);
  for (const [k, v] of Object.entries(caller.tags ?? {})) c.set(`aws:PrincipalTag/${k}`, v);
  c.set('aws:CurrentTime', now);
  c.set('aws:EpochTime', Math.floor(now.getTime() / 1000));
  c.set('aws:RequestedRegion', ctx.region);
  if (ctx.caller?.sourceIp !== undefined) c.set('aws:SourceIp', ctx.caller.sourceIp);
  c.set('aws:SecureTransport', ctx.caller?.secureTransport ?? false);
  c.set('kms:CallerAccount', caller.account);
  const via = ctx.authorization?.viaService;
  if (via !== undefined) {
    c.set('kms:ViaService', `${via}.${ctx.region}.amazonaws.com`);
    c.set('aws:ViaAWSService', true);
    c.set('aws:CalledVia', [`${via}.amazonaws.com`]);
  }
  return c;
}

/** The key's own keys: kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion…, aws:ResourceTag/<k>, kms:ResourceAliases. */
export function addKeyContext(c: Context, key: KeyRecord, aliases: readonly string[]): void {
  c.set('kms:KeySpec', key.KeySpec);
  c.set('kms:CustomerMasterKeySpec', key.KeySpec);
  c.set('kms:KeyUsage', key.KeyUsage);
  c.set('kms:CustomerMasterKeyUsage', key.KeyUsage);
  c.set('kms:KeyOrigin', key.Origin);
  c.set('kms:MultiRegion', key.MultiRegion);
  if (key.multiRegion) c.set('kms:MultiRegionKeyType', key.multiRegion.type);
  for (const t of key.Tags) c.set(`aws:ResourceTag/${t.TagKey}`, t.TagValue);
  c.set('kms:ResourceAliases', aliases);
}

/** kms:EncryptionContext:<k> for each pair and kms:EncryptionContextKeys, when the request has a context. */
export function addEncryptionContext(c: Context, context: unknown): void {
  if (context === undefined || context === null || typeof context !== 'object') return;
  const pairs = Object.entries(context as Record<string, string>);
  for (const [k, v] of pairs) c.set(`kms:EncryptionContext:${k}`, v);
  c.set('kms:EncryptionContextKeys', pairs.map(([k]) => k));
}

/** aws:RequestTag/<k> and aws:TagKeys from a Tags list (CreateKey, TagResource). */
function addRequestTags(c: Context, tags: unknown): void {
  if (!Array.isArray(tags)) return;
  const list = tags as { TagKey: string; TagValue: string }[];
  for (const t of list) c.set(`aws:RequestTag/${t.TagKey}`, t.TagValue);
  c.set('aws:TagKeys', list.map((t) => t.TagKey));
}

const str = (v: unknown, fallback?: string): string | undefined => (typeof v === 'string' ? v : fallback);

/**
 * The operation's own condition keys. `side` is ReEncrypt's: the source check sees the source
 * context and algorithm, the destination check the destination's.
 */
export function addRequestContext(c: Context, operation: string, req: Req, side: 'from' | 'to' = 'from'): void {
  const set = (k: string, v: ContextValue | undefined) => {
    if (v !== undefined) c.set(k, v);
  };
  switch (operation) {
    case 'Encrypt':
    case 'Decrypt':
      set('kms:EncryptionAlgorithm', str(req.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT'));
      addEncryptionContext(c, req.EncryptionContext);
      break;
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext':
      set('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT');
      addEncryptionContext(c, req.EncryptionContext);
      break;
    case 'GenerateDataKeyPair':
    case 'GenerateDataKeyPairWithoutPlaintext':
      set('kms:EncryptionAlgorithm', 'SYMMETRIC_DEFAULT');
      set('kms:DataKeyPairSpec', str(req.KeyPairSpec));
      addEncryptionContext(c, req.EncryptionContext);
      break;
    case 'ReEncrypt':
      set('kms:EncryptionAlgorithm', str(side === 'from' ? req.SourceEncryptionAlgorithm : req.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT'));
      addEncryptionContext(c, side === 'from' ? req.SourceEncryptionContext : req.DestinationEncryptionContext);
      break;
    case 'Sign':
    case 'Verify':
      set('kms:SigningAlgorithm', str(req.SigningAlgorithm));
      set('kms:MessageType', str(req.MessageType, 'RAW'));
      break;
    case 'GenerateMac':
    case 'VerifyMac':
      set('kms:MacAlgorithm', str(req.MacAlgorithm));
      break;
    case 'DeriveSharedSecret':
      set('kms:KeyAgreementAlgorithm', str(req.KeyAgreementAlgorithm));
      break;
    case 'CreateGrant': {
      const ops = Array.isArray(req.Operations) ? (req.Operations as string[]) : [];
      set('kms:GrantOperations', ops);
      set('kms:GranteePrincipal', str(req.GranteePrincipal));
      set('kms:RetiringPrincipal', str(req.RetiringPrincipal));
      const constraints = req.Constraints as { EncryptionContextEquals?: unknown; EncryptionContextSubset?: unknown } | undefined;
      if (constraints?.EncryptionContextEquals !== undefined) {
        set('kms:GrantConstraintType', 'EncryptionContextEquals');
        addEncryptionContext(c, constraints.EncryptionContextEquals);
      } else if (constraints?.EncryptionContextSubset !== undefined) {
        set('kms:GrantConstraintType', 'EncryptionContextSubset');
        addEncryptionContext(c, constraints.EncryptionContextSubset);
      }
      break;
    }
    case 'CreateKey':
      set('kms:KeySpec', str(req.KeySpec ?? req.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT'));
      set('kms:KeyUsage', str(req.KeyUsage, 'ENCRYPT_DECRYPT'));
      set('kms:KeyOrigin', str(req.Origin, 'AWS_KMS'));
      set('kms:MultiRegion', req.MultiRegion === true);
      if (req.MultiRegion === true) set('kms:MultiRegionKeyType', 'PRIMARY');
      if (typeof req.BypassPolicyLockoutSafetyCheck === 'boolean') set('kms:BypassPolicyLockoutSafetyCheck', req.BypassPolicyLockoutSafetyCheck);
      addRequestTags(c, req.Tags);
      break;
    case 'PutKeyPolicy':
      if (typeof req.BypassPolicyLockoutSafetyCheck === 'boolean') set('kms:BypassPolicyLockoutSafetyCheck', req.BypassPolicyLockoutSafetyCheck);
      break;
    case 'TagResource':
      addRequestTags(c, req.Tags);
      break;
    case 'UntagResource':
      if (Array.isArray(req.TagKeys)) set('aws:TagKeys', req.TagKeys as string[]);
      break;
    case 'EnableKeyRotation':
      set('kms:RotationPeriodInDays', typeof req.RotationPeriodInDays === 'number' ? req.RotationPeriodInDays : 365);
      break;
    case 'ScheduleKeyDeletion':
      set('kms:ScheduleKeyDeletionPendingWindowInDays', typeof req.PendingWindowInDays === 'number' ? req.PendingWindowInDays : 30);
      break;
    case 'ImportKeyMaterial':
      set('kms:ExpirationModel', str(req.ExpirationModel, 'KEY_MATERIAL_EXPIRES'));
      if (req.ValidTo instanceof Date) set('kms:ValidTo', req.ValidTo);
      break;
    case 'GetParametersForImport':
      set('kms:WrappingAlgorithm', str(req.WrappingAlgorithm));
      set('kms:WrappingKeySpec', str(req.WrappingKeySpec));
      break;
    case 'ReplicateKey':
      set('kms:ReplicaRegion', str(req.ReplicaRegion));
      break;
    case 'UpdatePrimaryRegion':
      set('kms:PrimaryRegion', str(req.PrimaryRegion));
      break;
    default:
      break;
  }
}
