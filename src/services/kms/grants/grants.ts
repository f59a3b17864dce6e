// Grants: the grant record (`grant/<region>/<key id>/<grant id>`), grant tokens (opaque, HMAC-signed
// under a per-keyring secret record), the GrantTokens check every operation runs, and grant rules
// shared by the grant operations. Must not import operation handlers, the CLI or crypto families.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { model, shape } from '../model/index.js';
import type { StructureShape } from '../../../api/types.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { parseKmsArn, type KeyRecord } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { GrantConstraints, GrantListEntry, GrantOperation } from '../types.gen.js';
import { GRANT_TOKEN_SECRET, grantRecordName, keyRecordName } from '../records.js';

/** One grant, as ListGrants reports it (dates as epoch ms). */
export interface GrantRecord {
  v: 1;
  KeyId: string;
  KeyArn: string;
  GrantId: string;
  Name?: string;
  CreationDate: number;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: GrantOperation[];
  Constraints?: GrantConstraints;
}


/** Resource quotas (developer guide, "Resource quotas"): grants per KMS key 50,000. */
export const DEFAULT_GRANTS_PER_KEY = 50_000;

export function grantsPerKey(ctx: EngineContext): number {
  return ctx.limits?.grantsPerKey ?? DEFAULT_GRANTS_PER_KEY;
}

/** AWS grant ids are 64 lowercase hex characters. */
export const GRANT_ID = /^[0-9a-f]{64}$/;

export function newGrantId(ctx: EngineContext): string {
  return Buffer.from(ctx.random(32)).toString('hex');
}

// ---- key identifiers ----

/** CreateGrant, ListGrants, RetireGrant, RevokeGrant: a key id or key ARN; aliases are refused
 *  with InvalidArnException (real AWS: "Key Aliases are not supported for this operation."). */
export async function resolveGrantKey(ctx: EngineContext, id: string): Promise<KeyRecord> {
  return await resolveKey(ctx, id, { aliases: false });
}

/** A GrantId member: anything but 64 hex characters is InvalidGrantIdException. */
export function checkGrantId(id: string): string {
  if (!GRANT_ID.test(id)) throw new KmsError('InvalidGrantIdException', `Invalid grantId '${id}'`);
  return id;
}

export function grantNotFound(grantId: string): KmsError {
  return new KmsError('NotFoundException', `Grant ID ${grantId} not found`);
}

// ---- grant tokens ----

const TOKEN_VERSION = 1;
const MAC_LENGTH = 32;
const NONCE_LENGTH = 16;

interface SecretRecord {
  v: 1;
  key: Uint8Array;
}

/** The keyring's grant-token secret; created on first use (CreateGrant), never by a reader. */
async function tokenSecret(ctx: EngineContext, create: boolean): Promise<Uint8Array | undefined> {
  const rec = await ctx.store.get<SecretRecord>(GRANT_TOKEN_SECRET);
  if (rec) return rec.key;
  if (!create) return undefined;
  const key = ctx.random(32);
  ctx.store.put(GRANT_TOKEN_SECRET, { v: 1, key });
  return key;
}

function mac(secret: Uint8Array, body: Uint8Array): Buffer {
  // Domain-separated, so the secret cannot be used to sign anything but grant tokens.
  return createHmac('sha256', secret).update('kms grant token v1\0').update(body).digest();
}

/**
 * A grant token: base64url of version(1) | len(1) region | len(1) key id | grant id(32) | nonce(16)
 * | HMAC-SHA256(body). A new nonce each time, so every CreateGrant returns a different token.
 */
export async function mintGrantToken(ctx: EngineContext, grant: GrantRecord, region: string): Promise<string> {
  const secret = (await tokenSecret(ctx, true))!;
  const r = Buffer.from(region, 'utf8');
  const k = Buffer.from(grant.KeyId, 'utf8');
  const body = Buffer.concat([
    Buffer.from([TOKEN_VERSION, r.length]),
    r,
    Buffer.from([k.length]),
    k,
    Buffer.from(grant.GrantId, 'hex'),
    Buffer.from(ctx.random(NONCE_LENGTH)),
  ]);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/** What a well-formed, authentic token names. */
export interface TokenTarget {
  region: string;
  keyId: string;
  grantId: string;
}

/** Decodes and authenticates a token; undefined for anything this keyring did not issue. */
export async function parseGrantToken(ctx: EngineContext, token: string): Promise<TokenTarget | undefined> {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.toString('base64url') !== token || raw.length < 3 + 32 + NONCE_LENGTH + MAC_LENGTH) return undefined;
  const secret = await tokenSecret(ctx, false);
  if (!secret) return undefined;
  const body = raw.subarray(0, raw.length - MAC_LENGTH);
  if (!timingSafeEqual(mac(secret, body), raw.subarray(raw.length - MAC_LENGTH))) return undefined;
  if (body[0] !== TOKEN_VERSION) return undefined;
  const rLen = body[1]!;
  const region = body.subarray(2, 2 + rLen).toString('utf8');
  const kLen = body[2 + rLen];
  if (kLen === undefined) return undefined;
  const at = 3 + rLen + kLen;
  if (body.length !== at + 32 + NONCE_LENGTH) return undefined;
  return { region, keyId: body.subarray(3 + rLen, at).toString('utf8'), grantId: body.subarray(at, at + 32).toString('hex') };
}

export function invalidGrantToken(): KmsError {
  return new KmsError('InvalidGrantTokenException', 'Invalid grant token.');
}

/**
 * The grant a token names, while it exists: a token for a retired or revoked grant, or for a grant
 * whose key has been deleted, is InvalidGrantTokenException like a forged one.
 */
export async function grantOfToken(ctx: EngineContext, token: string): Promise<{ grant: GrantRecord; region: string }> {
  const t = await parseGrantToken(ctx, token);
  if (!t) throw invalidGrantToken();
  const grant = await ctx.store.get<GrantRecord>(grantRecordName(t.region, t.keyId, t.grantId));
  const key = await ctx.store.get<KeyRecord>(keyRecordName(t.region, t.keyId));
  const gone = !key || (key.DeletionDate !== undefined && key.KeyState === 'PendingDeletion' && ctx.clock.now().getTime() >= key.DeletionDate);
  if (!grant || gone) throw invalidGrantToken();
  return { grant, region: t.region };
}

/** GrantTokens (0..10, checked by the model): every token must name a live grant. */
export async function checkGrantTokens(ctx: EngineContext, tokens: readonly string[] | undefined): Promise<void> {
  for (const t of tokens ?? []) await grantOfToken(ctx, t);
}

const takesTokens = new Map<string, boolean>();

/** Whether the operation's input has a GrantTokens member (the model says which do). */
export function operationTakesGrantTokens(operation: string): boolean {
  let v = takesTokens.get(operation);
  if (v === undefined) {
    const op = model.operations[operation];
    v = op !== undefined && Object.hasOwn((shape(op.input) as StructureShape).members, 'GrantTokens');
    takesTokens.set(operation, v);
  }
  return v;
}

/**
 * The KMS service runs this for every request, inside the transaction, before the handler; the
 * request has been validated, so where the operation has GrantTokens they are a list of strings.
 */
export async function checkRequestGrantTokens(ctx: EngineContext, operation: string, request: { GrantTokens?: readonly string[] }): Promise<void> {
  if (request.GrantTokens !== undefined && operationTakesGrantTokens(operation)) await checkGrantTokens(ctx, request.GrantTokens);
}

// ---- list entries ----

/** GrantListEntry, members in the model's order; Name, RetiringPrincipal, Constraints only when set. */
export function grantListEntry(g: GrantRecord): GrantListEntry {
  const e: GrantListEntry = { KeyId: g.KeyArn, GrantId: g.GrantId };
  if (g.Name !== undefined) e.Name = g.Name;
  e.CreationDate = new Date(g.CreationDate);
  e.GranteePrincipal = g.GranteePrincipal;
  if (g.RetiringPrincipal !== undefined) e.RetiringPrincipal = g.RetiringPrincipal;
  e.IssuingAccount = g.IssuingAccount;
  e.Operations = [...g.Operations];
  if (g.Constraints !== undefined) e.Constraints = structuredClone(g.Constraints);
  return e;
}
