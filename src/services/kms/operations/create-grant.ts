// CreateGrant: records a grant on a key (operations the key type allows, encryption context
// constraints, Name idempotency, the per-key quota) and returns a fresh grant token. Grants are
// recorded and their tokens checked; they do not authorize anything (kms evaluates no policies).
// Must not import the CLI or other handlers.

import { rootArn } from '../../../api/arn.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { grantsPerKey, mintGrantToken, newGrantId, resolveGrantKey, type GrantRecord } from '../grants/grants.js';
import type { KeyRecord } from '../keys/key-record.js';
import { dryRunStop } from '../requests.js';
import { invalidStateError } from '../keys/key-states.js';
import type { CreateGrantRequest, KmsOperations } from '../types.gen.js';
import { grantKeyPrefix, grantRecordName } from '../records.js';

type Constraints = NonNullable<GrantRecord['Constraints']>;

const COMMON = ['CreateGrant', 'RetireGrant', 'DescribeKey'];

/** Developer guide, "Grant operations": what a grant may allow, by key type. */
export function grantOperationsFor(key: KeyRecord): readonly string[] {
  if (key.KeyUsage === 'ENCRYPT_DECRYPT' && key.KeySpec === 'SYMMETRIC_DEFAULT') {
    return ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', ...COMMON];
  }
  if (key.KeyUsage === 'ENCRYPT_DECRYPT') return ['Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey', ...COMMON];
  if (key.KeyUsage === 'SIGN_VERIFY') return ['Sign', 'Verify', 'GetPublicKey', ...COMMON];
  if (key.KeyUsage === 'KEY_AGREEMENT') return ['DeriveSharedSecret', 'GetPublicKey', ...COMMON];
  if (key.KeyUsage === 'GENERATE_VERIFY_MAC') return ['GenerateMac', 'VerifyMac', ...COMMON];
  return COMMON;
}

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/** Key states: CreateGrant refuses Disabled [1], PendingImport [5], PendingDeletion [3]. */
function checkState(key: KeyRecord): void {
  if (key.KeyState === 'Disabled') throw new KmsError('DisabledException', `${key.Arn} is disabled.`);
  if (['PendingImport', 'PendingDeletion', 'PendingReplicaDeletion'].includes(key.KeyState)) throw invalidStateError(key);
}

function checkOperations(key: KeyRecord, operations: string[]): void {
  const allowed = grantOperationsFor(key);
  const bad = operations.filter((o) => !allowed.includes(o));
  // CreateGrant: the operations must be supported on the key (API reference, Operations)
  if (bad.length > 0) {
    throw validation(`Grant operation(s) [${bad.join(', ')}] are not valid for a KMS key with KeySpec ${key.KeySpec} and KeyUsage ${key.KeyUsage}.`);
  }
  // real AWS: a grant that allows only CreateGrant is refused
  if (operations.length > 0 && operations.every((o) => o === 'CreateGrant')) {
    throw validation('Grants must not contain only the CreateGrant operation.');
  }
}

/** GrantConstraints: one kind only, at most 8 pairs, values up to 384 characters, symmetric keys only. */
function checkConstraints(key: KeyRecord, c: Constraints | undefined): Constraints | undefined {
  if (!c) return undefined;
  const equals = c.EncryptionContextEquals && Object.keys(c.EncryptionContextEquals).length > 0 ? c.EncryptionContextEquals : undefined;
  const subset = c.EncryptionContextSubset && Object.keys(c.EncryptionContextSubset).length > 0 ? c.EncryptionContextSubset : undefined;
  if (!equals && !subset) return undefined; // an empty map is treated as not specified
  if (equals && subset) {
    throw validation('Only one of EncryptionContextEquals and EncryptionContextSubset may be specified in grant constraints.');
  }
  if (key.KeySpec !== 'SYMMETRIC_DEFAULT') {
    throw validation(`Encryption context grant constraints are not supported for a KMS key with KeySpec ${key.KeySpec}.`);
  }
  const [member, map] = equals ? ['EncryptionContextEquals', equals] as const : ['EncryptionContextSubset', subset!] as const;
  if (Object.keys(map).length > 8) throw validation(`${member} may include at most 8 encryption context pairs.`);
  for (const v of Object.values(map)) {
    if ([...v].length > 384) throw validation(`An encryption context value in ${member} cannot exceed 384 characters.`);
  }
  return { [member]: { ...map } };
}

function sameContext(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (b ?? {})[k] === a![k]);
}

/** Name idempotency: identical parameters (operations compared as a set). */
function sameGrant(g: GrantRecord, want: Omit<GrantRecord, 'GrantId' | 'CreationDate'>): boolean {
  const ops = (x: string[]) => [...new Set(x)].sort().join(',');
  return (
    g.GranteePrincipal === want.GranteePrincipal &&
    g.RetiringPrincipal === want.RetiringPrincipal &&
    ops(g.Operations) === ops(want.Operations) &&
    sameContext(g.Constraints?.EncryptionContextEquals, want.Constraints?.EncryptionContextEquals) &&
    sameContext(g.Constraints?.EncryptionContextSubset, want.Constraints?.EncryptionContextSubset)
  );
}

export default async function createGrant(ctx: EngineContext, req: CreateGrantRequest): Promise<KmsOperations['CreateGrant']['output']> {
  const key = await resolveGrantKey(ctx, req.KeyId);
  checkState(key);
  const operations = [...req.Operations];
  checkOperations(key, operations);
  const constraints = checkConstraints(key, req.Constraints);
  const want: Omit<GrantRecord, 'GrantId' | 'CreationDate'> = {
    v: 1,
    KeyId: key.KeyId,
    KeyArn: key.Arn,
    GranteePrincipal: req.GranteePrincipal,
    IssuingAccount: rootArn(ctx.partition, ctx.account),
    Operations: operations,
  };
  if (req.Name !== undefined) want.Name = req.Name;
  if (req.RetiringPrincipal !== undefined) want.RetiringPrincipal = req.RetiringPrincipal;
  if (constraints) want.Constraints = constraints;
  const prefix = grantKeyPrefix(key.Region, key.KeyId);
  // CreateGrant: with Name, a retry with identical parameters returns the original GrantId
  const existing = want.Name === undefined
    ? undefined
    : (await ctx.store.list<GrantRecord>(prefix)).map((r) => r.value).find((g) => g.Name === want.Name && sameGrant(g, want));
  if (!existing && await ctx.store.count(prefix) >= grantsPerKey(ctx)) {
    throw new KmsError('LimitExceededException', `The number of grants on KMS key ${key.Arn} has reached the limit of ${grantsPerKey(ctx)}.`);
  }
  dryRunStop(req.DryRun);
  let grant = existing;
  if (!grant) {
    grant = { ...want, GrantId: newGrantId(ctx), CreationDate: ctx.clock.now().getTime() };
    ctx.store.put(grantRecordName(key.Region, key.KeyId, grant.GrantId), grant);
  }
  // A new token every call, even for a repeated Name; all of a grant's tokens are interchangeable
  return { GrantToken: await mintGrantToken(ctx, grant, key.Region), GrantId: grant.GrantId };
}
