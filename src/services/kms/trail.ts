// What a KMS call's CloudTrail record says beyond who, when and where: readOnly, requestParameters,
// responseElements and additionalEventData, as AWS KMS writes them (research note audit-pricing.md
// §B2, examples E1–E9 of §B3, from the AWS KMS developer guide's "Logging with CloudTrail" pages).
// Pure: reads the operation table (data) and nothing else; never imports handlers, the CLI or crypto.
//
// The rules, in short:
// * requestParameters: the request's members, named as KMS's Java service serialises them
//   (java.beans.Introspector.decapitalize: KeyId -> keyId, but AWSAccountId stays AWSAccountId, as in
//   example E4), nested structures alike (constraints.encryptionContextSubset, E6), map keys as given
//   (the encryption context is logged in clear). Blobs are never written (Plaintext, CiphertextBlob,
//   Message, Signature, Mac, PublicKey, ImportToken, EncryptedKeyMaterial, attestation documents);
//   sensitive strings (custom key store passwords and XKS credentials) are written as
//   HIDDEN_DUE_TO_SECURITY_REASONS [unverified: recalled from the guide's CreateCustomKeyStore
//   examples]. Timestamps are written Java style, UTC ("Aug 10, 2022, 10:38:27 PM", E4).
//   KMS logs the request after filling in its defaults for a few members (the quirks below).
//   null when nothing is left to log (ListKeys without arguments).
// * responseElements: null for every read-only operation (cryptographic, Describe*, List*, Get*)
//   and for every failed call; for state-changing ones, what the guide shows (CreateKey
//   {keyMetadata}, ScheduleKeyDeletion {keyId, keyState, deletionDate}, CreateGrant {grantId, keyId})
//   or, for the operations that return nothing, the post-December-2022 {keyId: <key ARN>}.
// * additionalEventData: {keyMaterialId} (eventVersion 1.11 examples E1, E3) when it is known.

import { CUSTOM_MATERIAL_TAG } from './keys/custom-tags.js';
import type { Shape, StructureShape } from '../../api/types.js';
import { model } from './model/index.js';

/** What a KMS call's CloudTrail record says beyond who/when/where: as AWS KMS logs it. */
export interface KmsCallDetails {
  readOnly: boolean;
  /**
   * lowerCamelCase member names as KMS logs them (keyId as the caller gave it, encryptionContext in
   * clear, encryptionAlgorithm, keySpec, numberOfBytes, keyPairSpec, pendingWindowInDays,
   * granteePrincipal, operations, constraints, …); never Plaintext, CiphertextBlob, Message,
   * Signature, Mac, key material (ImportKeyMaterial's EncryptedKeyMaterial, ImportToken), Policy of
   * GetKeyPolicy's response, PublicKey, private keys; null where KMS logs none.
   */
  requestParameters: Record<string, unknown> | null;
  /**
   * null for every cryptographic operation; CreateKey {keyMetadata: …}; ScheduleKeyDeletion {keyId,
   * keyState, deletionDate}; CreateGrant {grantId, keyId}; the post-2022 {keyId: <key ARN>} for
   * operations that return nothing (EnableKeyRotation, ImportKeyMaterial, …); dates inside as KMS
   * writes them ("Aug 10, 2022, 10:38:27 PM", Java style, UTC).
   */
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
}

/**
 * What the dispatcher knows beyond the request and the response. Optional: without it the key ARN
 * is taken from the response, or from the request when the caller gave a key ARN.
 */
export interface KmsCallContext {
  /** The key ARN the call resolved to (the record's resources[].ARN). */
  keyArn?: string;
  /** The key material the call used (additionalEventData.keyMaterialId) when the response does not say. */
  keyMaterialId?: string;
}

/** The value KMS (like other services) writes for a sensitive string parameter. [unverified] */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

type Req = Readonly<Record<string, unknown>>;

/** What responseElements holds for a successful call. */
type ResponseRule =
  /** null: read-only operations, and state-changing ones for which KMS logs nothing. */
  | 'none'
  /** {keyId: <key ARN>}: the post-2022 rule for operations that return nothing. */
  | 'keyArn'
  /** these response members (in order), logged like request members; plus keyId: <key ARN> with `withKeyArn`. */
  | { pick: readonly string[]; withKeyArn?: boolean };

interface TrailRule {
  readOnly: boolean;
  /** Members KMS logs although the caller left them out: the value it logs, from the request. */
  defaults?: Readonly<Record<string, (req: Req) => unknown>>;
  response: ResponseRule;
  /** Whether additionalEventData.keyMaterialId applies (operations that use a key's material). */
  material?: boolean;
}

const RO: TrailRule = { readOnly: true, response: 'none' };
const CRYPTO: TrailRule = { readOnly: true, response: 'none', material: true };
const SYMMETRIC_DEFAULT = (): string => 'SYMMETRIC_DEFAULT';
const RAW = (): string => 'RAW';

/** CreateKey logs KeySpec and its deprecated twin CustomerMasterKeySpec, both filled in (E4). */
const createKeySpec = (req: Req): unknown => req.KeySpec ?? req.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';

/** Every KMS operation of the table, with what its record says. */
const RULES: Readonly<Record<string, TrailRule>> = {
  CancelKeyDeletion: { readOnly: false, response: { pick: ['KeyId'] } },
  // Custom key store operations name no key: nothing to log in responseElements [unverified]
  ConnectCustomKeyStore: { readOnly: false, response: 'none' },
  // Alias operations: responseElements null in the guide's examples; no post-2022 keyId [unverified]
  CreateAlias: { readOnly: false, response: 'none' },
  CreateCustomKeyStore: { readOnly: false, response: { pick: ['CustomKeyStoreId'] } },
  // E6: {grantId, keyId: <key ARN>}; never the grant token
  CreateGrant: { readOnly: false, response: { pick: ['GrantId'], withKeyArn: true } },
  // E4: description "" and bypassPolicyLockoutSafetyCheck false when not given, keySpec and
  // customerMasterKeySpec both; keyUsage and origin filled in likewise [unverified: E4 is consistent
  // with it]; multiRegion is not (E4, 2022, has none). The policy, when given, is logged [unverified].
  CreateKey: {
    readOnly: false,
    defaults: {
      Description: () => '',
      KeyUsage: () => 'ENCRYPT_DECRYPT',
      CustomerMasterKeySpec: createKeySpec,
      KeySpec: createKeySpec,
      Origin: () => 'AWS_KMS',
      BypassPolicyLockoutSafetyCheck: () => false,
    },
    response: { pick: ['KeyMetadata'] },
  },
  // E2: encryptionAlgorithm "even if the encryption algorithm wasn't specified"; never the blob
  Decrypt: { ...CRYPTO, defaults: { EncryptionAlgorithm: SYMMETRIC_DEFAULT } },
  DeleteAlias: { readOnly: false, response: 'none' },
  DeleteCustomKeyStore: { readOnly: false, response: 'none' },
  DeleteImportedKeyMaterial: { readOnly: false, response: { pick: ['KeyId', 'KeyMaterialId'], withKeyArn: true } },
  // Never the peer's public key, never the shared secret
  DeriveSharedSecret: CRYPTO,
  DescribeCustomKeyStores: RO,
  DescribeKey: RO,
  DisableKey: { readOnly: false, response: 'keyArn' },
  DisableKeyRotation: { readOnly: false, response: 'keyArn' },
  DisconnectCustomKeyStore: { readOnly: false, response: 'none' },
  EnableKey: { readOnly: false, response: 'keyArn' },
  EnableKeyRotation: { readOnly: false, response: 'keyArn' },
  // E1 logs encryptionAlgorithm SYMMETRIC_DEFAULT; filled in when not given, as Decrypt does [unverified]
  Encrypt: { ...CRYPTO, defaults: { EncryptionAlgorithm: SYMMETRIC_DEFAULT } },
  GenerateDataKey: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  // keyId, macAlgorithm: never the message or the MAC
  GenerateMac: CRYPTO,
  GenerateRandom: RO,
  GetKeyLastUsage: RO,
  // The policy it returns is never logged
  GetKeyPolicy: RO,
  GetKeyRotationStatus: RO,
  // Never the wrapping public key or the import token
  GetParametersForImport: RO,
  GetPublicKey: RO,
  // Never the encrypted key material or the import token; validTo Java style
  ImportKeyMaterial: { readOnly: false, response: { pick: ['KeyId', 'KeyMaterialId'], withKeyArn: true } },
  ListAliases: RO,
  ListGrants: RO,
  ListKeyPolicies: RO,
  ListKeyRotations: RO,
  ListKeys: RO,
  ListResourceTags: RO,
  ListRetirableGrants: RO,
  // The policy given is logged (only GetKeyPolicy's response is never logged) [unverified: recalled
  // from the guide's PutKeyPolicy example]
  PutKeyPolicy: { readOnly: false, response: 'keyArn' },
  // sourceKeyId, destinationKeyId, both algorithms and contexts; never the blob. Algorithms filled in
  // as Decrypt's is [unverified]
  ReEncrypt: {
    ...CRYPTO,
    defaults: { SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT, DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT },
  },
  // The replica's metadata and tags; not the replica's policy (a returned policy, as GetKeyPolicy's) [unverified]
  ReplicateKey: { readOnly: false, response: { pick: ['ReplicaKeyMetadata', 'ReplicaTags'] } },
  RetireGrant: { readOnly: false, response: 'keyArn' },
  RevokeGrant: { readOnly: false, response: 'keyArn' },
  RotateKeyOnDemand: { readOnly: false, response: { pick: ['KeyId'], withKeyArn: true } },
  // E5: {keyId, keyState, deletionDate}; the response's pendingWindowInDays is not in the example
  ScheduleKeyDeletion: { readOnly: false, response: { pick: ['KeyId', 'KeyState', 'DeletionDate'] } },
  // E7: messageType (RAW when not given), keyId, signingAlgorithm: never the message or the signature
  Sign: { ...CRYPTO, defaults: { MessageType: RAW } },
  TagResource: { readOnly: false, response: 'keyArn' },
  UntagResource: { readOnly: false, response: 'keyArn' },
  UpdateAlias: { readOnly: false, response: 'none' },
  UpdateCustomKeyStore: { readOnly: false, response: 'none' },
  UpdateKeyDescription: { readOnly: false, response: 'keyArn' },
  UpdatePrimaryRegion: { readOnly: false, response: 'keyArn' },
  Verify: { ...CRYPTO, defaults: { MessageType: RAW } },
  VerifyMac: CRYPTO,
};

/** Every KMS operation whose record's requestParameters/responseElements this module knows (all 54 of the table; a test checks). */
export const TRAIL_OPERATIONS: ReadonlySet<string> = new Set(Object.keys(RULES));

/**
 * The name KMS's CloudTrail writes for an API member: java.beans.Introspector.decapitalize, which is
 * what makes KeyMetadata's AWSAccountId stay AWSAccountId while KeyId becomes keyId (E4).
 */
export function trailMemberName(member: string): string {
  if (member.length > 1 && isUpper(member[0]!) && isUpper(member[1]!)) return member;
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function isUpper(c: string): boolean {
  return c >= 'A' && c <= 'Z';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date as KMS writes it inside requestParameters/responseElements: Java's medium date-time format,
 * en-US, UTC ("Aug 10, 2022, 10:38:27 PM"; "May 21, 2025, 5:47:45 AM"), with a plain space before
 * AM/PM as in the guide.
 */
export function trailDate(d: Date): string {
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

function shapeNamed(ref: string): Shape {
  const s = Object.hasOwn(model.shapes, ref) ? model.shapes[ref] : undefined;
  if (!s) throw new Error(`kms trail: unknown shape ${ref}`);
  return s;
}

function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000);
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** A value of `shape` as the record writes it; undefined for what is never written (blobs, absent values). */
function logged(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'blob':
      return undefined;
    case 'string':
      if (shape.sensitive) return HIDDEN;
      return typeof value === 'string' ? value : undefined;
    case 'integer':
    case 'long':
      return typeof value === 'number' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'timestamp': {
      const d = toDate(value);
      return d === undefined ? undefined : trailDate(d);
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const member = shapeNamed(shape.member);
      if (member.type === 'blob') return undefined;
      return value.map((v: unknown) => logged(member, v)).filter((v) => v !== undefined);
    }
    case 'map': {
      if (typeof value !== 'object' || value instanceof Uint8Array) return undefined;
      const valueShape = shapeNamed(shape.value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const lv = logged(valueShape, v);
        if (lv !== undefined) out[k] = lv;
      }
      return out;
    }
    case 'structure': {
      if (typeof value !== 'object' || value instanceof Uint8Array || Array.isArray(value)) return undefined;
      return structure(shape, value as Req, Object.keys(shape.members));
    }
  }
}

/** The listed members of a structure value, logged; members the value lacks are left out. */
function structure(shape: StructureShape, value: Req, members: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of members) {
    const spec = shape.members[name];
    if (!spec) continue;
    const lv = logged(shapeNamed(spec.shape), value[name]);
    if (lv !== undefined) out[trailMemberName(name)] = lv;
  }
  return out;
}

function structureShape(ref: string): StructureShape {
  const s = shapeNamed(ref);
  if (s.type !== 'structure') throw new Error(`kms trail: ${ref} is not a structure`);
  return s;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\/.+$/;

/** The key ARN of the call, where known: the dispatcher's, the response's, or the caller's own ARN. */
function keyArnOf(request: Req, response: Req, context: KmsCallContext | undefined): string | undefined {
  if (context?.keyArn !== undefined) return context.keyArn;
  for (const v of [response.KeyId, request.KeyId]) {
    if (typeof v === 'string' && KEY_ARN.test(v)) return v;
  }
  return undefined;
}

/** What a successful call's responseElements hold. */
function responseElementsOf(
  rule: TrailRule,
  operation: string,
  request: Req,
  response: Req,
  context: KmsCallContext | undefined,
): Record<string, unknown> | null {
  const r = rule.response;
  if (r === 'none') return null;
  const arn = keyArnOf(request, response, context);
  if (r === 'keyArn') return arn === undefined ? null : { keyId: arn };
  const output = model.operations[operation]?.output;
  const out = output === undefined ? {} : structure(structureShape(output), response, r.pick);
  // The record names the key by its ARN (E5, E6); the dispatcher's ARN wins over an id in the response
  if (arn !== undefined && (r.withKeyArn || 'keyId' in out)) out.keyId = arn;
  return Object.keys(out).length === 0 ? null : out;
}

/** The record's additionalEventData: the key material used, when known (eventVersion 1.11). */
function additionalEventDataOf(
  rule: TrailRule,
  response: Req | undefined,
  context: KmsCallContext | undefined,
): Record<string, unknown> | undefined {
  if (!rule.material) return undefined;
  const id = typeof response?.KeyMaterialId === 'string' ? response.KeyMaterialId : context?.keyMaterialId;
  return id === undefined ? undefined : { keyMaterialId: id };
}

/** `request` and `response` use the API's member names and types (Uint8Array blobs, Date timestamps); `response` is undefined when the call failed. */
export function kmsCallDetails(
  operation: string,
  request: Readonly<Record<string, unknown>>,
  response: Readonly<Record<string, unknown>> | undefined,
  context?: KmsCallContext,
): KmsCallDetails {
  const rule = Object.hasOwn(RULES, operation) ? RULES[operation] : undefined;
  const spec = Object.hasOwn(model.operations, operation) ? model.operations[operation] : undefined;
  if (!rule || !spec) throw new Error(`kms trail: unknown KMS operation ${operation}`);

  const inputShape = structureShape(spec.input);
  const filled: Record<string, unknown> = { ...request };
  // LocalStack's _custom_key_material_ tag carries key material: never on the record (keys/custom-tags.ts)
  if (operation === 'CreateKey' && Array.isArray(request.Tags)) {
    filled.Tags = (request.Tags as { TagKey: string; TagValue: string }[]).map((t) =>
      t.TagKey === CUSTOM_MATERIAL_TAG ? { ...t, TagValue: 'HIDDEN_DUE_TO_SECURITY_REASONS' } : t,
    );
  }
  for (const [member, value] of Object.entries(rule.defaults ?? {})) {
    if (filled[member] === undefined || filled[member] === null) filled[member] = value(request);
  }
  const params = structure(inputShape, filled, Object.keys(inputShape.members));

  const details: KmsCallDetails = {
    readOnly: rule.readOnly,
    requestParameters: Object.keys(params).length === 0 ? null : params,
    responseElements: response === undefined ? null : responseElementsOf(rule, operation, request, response, context),
  };
  const extra = additionalEventDataOf(rule, response, context);
  if (extra !== undefined) details.additionalEventData = extra;
  return details;
}
