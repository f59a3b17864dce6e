// What the audit trail says about each KMS call: requestParameters, responseElements, readOnly and
// additionalEventData against the AWS developer guide's examples (research note audit-pricing.md
// §B3, E1–E7), and a sweep of every operation with every member filled that no blob, secret or
// returned policy reaches the record.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Shape, StructureShape } from '../../src/api/types.js';
import { model } from '../../src/services/kms/model/index.js';
import { HIDDEN, kmsCallDetails, TRAIL_OPERATIONS, trailDate, trailMemberName } from '../../src/services/kms/trail.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-west-2:111122223333:key/${KEY_ID}`;
const MATERIAL = '123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0';
const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

describe('TRAIL_OPERATIONS', () => {
  it('covers every operation of the table, and nothing else', () => {
    expect([...TRAIL_OPERATIONS].sort()).toEqual(Object.keys(model.operations).sort());
    expect(TRAIL_OPERATIONS.size).toBe(54);
  });

  it('an operation outside the table is a bug, not a silent record', () => {
    expect(() => kmsCallDetails('Frobnicate', {}, {})).toThrow(/unknown KMS operation/);
  });
});

describe('readOnly', () => {
  const READ_ONLY = new Set([
    'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'GenerateRandom', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
    'DeriveSharedSecret',
  ]);
  for (const op of Object.keys(model.operations)) {
    const expected = READ_ONLY.has(op) || /^(Describe|List|Get)/.test(op);
    it(`${op}: ${expected}`, () => {
      expect(kmsCallDetails(op, {}, undefined).readOnly).toBe(expected);
    });
  }
});

describe('names and dates as KMS writes them', () => {
  it('member names: Introspector.decapitalize', () => {
    expect(trailMemberName('KeyId')).toBe('keyId');
    expect(trailMemberName('EncryptionContextSubset')).toBe('encryptionContextSubset');
    expect(trailMemberName('AWSAccountId')).toBe('AWSAccountId'); // E4
    expect(trailMemberName('Arn')).toBe('arn');
  });

  it('dates: Java medium style, en-US, UTC', () => {
    expect(trailDate(new Date('2022-08-10T22:38:27Z'))).toBe('Aug 10, 2022, 10:38:27 PM'); // E4
    expect(trailDate(new Date('2025-05-21T05:47:45Z'))).toBe('May 21, 2025, 5:47:45 AM'); // note §B2
    expect(trailDate(new Date('2024-01-01T00:05:09Z'))).toBe('Jan 1, 2024, 12:05:09 AM');
    expect(trailDate(new Date('2024-12-31T12:00:00Z'))).toBe('Dec 31, 2024, 12:00:00 PM');
  });
});

describe('the developer guide examples (note §B3)', () => {
  it('E1 Encrypt', () => {
    const request = {
      KeyId: KEY_ARN,
      Plaintext: bytes(32),
      EncryptionContext: { Department: 'Engineering' },
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
    const response = { CiphertextBlob: bytes(184), KeyId: KEY_ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    const d = kmsCallDetails('Encrypt', request, response, { keyArn: KEY_ARN, keyMaterialId: MATERIAL });
    expect(d).toEqual({
      readOnly: true,
      requestParameters: { encryptionContext: { Department: 'Engineering' }, keyId: KEY_ARN, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      responseElements: null,
      additionalEventData: { keyMaterialId: MATERIAL },
    });
    // The algorithm is logged when the caller leaves it out too [unverified, as Decrypt]
    const { EncryptionAlgorithm: _, ...withoutAlgorithm } = request;
    expect(kmsCallDetails('Encrypt', withoutAlgorithm, response).requestParameters).toEqual(d.requestParameters);
  });

  it('E2 Decrypt, failed: the algorithm logged though not given; no ciphertext', () => {
    const request = {
      CiphertextBlob: bytes(184),
      KeyId: KEY_ARN,
      EncryptionContext: { Department: 'Engineering', Project: 'Alpha' },
    };
    expect(kmsCallDetails('Decrypt', request, undefined)).toEqual({
      readOnly: true,
      requestParameters: {
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        keyId: KEY_ARN,
        encryptionContext: { Department: 'Engineering', Project: 'Alpha' },
      },
      responseElements: null,
    });
  });

  it('Decrypt, successful: responseElements still null; the key material from the response', () => {
    const d = kmsCallDetails(
      'Decrypt',
      { CiphertextBlob: bytes(184) },
      { KeyId: KEY_ARN, Plaintext: bytes(32), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: MATERIAL },
    );
    expect(d).toEqual({
      readOnly: true,
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      responseElements: null,
      additionalEventData: { keyMaterialId: MATERIAL },
    });
  });

  it('E3 GenerateDataKey', () => {
    const request = { KeyId: KEY_ID, KeySpec: 'AES_256', EncryptionContext: { Department: 'Engineering', Project: 'Alpha' } };
    const response = { CiphertextBlob: bytes(184), Plaintext: bytes(32), KeyId: KEY_ARN, KeyMaterialId: MATERIAL };
    expect(kmsCallDetails('GenerateDataKey', request, response)).toEqual({
      readOnly: true,
      requestParameters: { keyId: KEY_ID, keySpec: 'AES_256', encryptionContext: { Department: 'Engineering', Project: 'Alpha' } },
      responseElements: null,
      additionalEventData: { keyMaterialId: MATERIAL },
    });
  });

  it('E4 CreateKey (origin EXTERNAL): defaults filled in, keyMetadata with Java dates and AWSAccountId', () => {
    const response = {
      KeyMetadata: {
        AWSAccountId: '111122223333',
        KeyId: KEY_ID,
        Arn: KEY_ARN,
        CreationDate: new Date('2022-08-10T22:38:27Z'),
        Enabled: false,
        Description: '',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'PendingImport',
        Origin: 'EXTERNAL',
        KeyManager: 'CUSTOMER',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: false,
      },
    };
    expect(kmsCallDetails('CreateKey', { Origin: 'EXTERNAL' }, response)).toEqual({
      readOnly: false,
      requestParameters: {
        description: '',
        origin: 'EXTERNAL',
        bypassPolicyLockoutSafetyCheck: false,
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
      },
      responseElements: {
        keyMetadata: {
          AWSAccountId: '111122223333',
          keyId: KEY_ID,
          arn: KEY_ARN,
          creationDate: 'Aug 10, 2022, 10:38:27 PM',
          enabled: false,
          description: '',
          keyUsage: 'ENCRYPT_DECRYPT',
          keyState: 'PendingImport',
          origin: 'EXTERNAL',
          keyManager: 'CUSTOMER',
          customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          keySpec: 'SYMMETRIC_DEFAULT',
          encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          multiRegion: false,
        },
      },
    });
  });

  it('CreateKey: the deprecated spec follows KeySpec; a failed CreateKey logs the request only', () => {
    const d = kmsCallDetails('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'signing' }, undefined);
    expect(d.requestParameters).toMatchObject({ keySpec: 'ECC_NIST_P256', customerMasterKeySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', description: 'signing' });
    expect(d.responseElements).toBeNull();
  });

  it('E5 ScheduleKeyDeletion', () => {
    const response = { KeyId: KEY_ARN, DeletionDate: new Date('2021-04-12T18:58:30Z'), KeyState: 'PendingDeletion', PendingWindowInDays: 20 };
    expect(kmsCallDetails('ScheduleKeyDeletion', { KeyId: KEY_ID, PendingWindowInDays: 20 }, response)).toEqual({
      readOnly: false,
      requestParameters: { pendingWindowInDays: 20, keyId: KEY_ID },
      // The guide prints "Apr 12, 2021 18:58:30 PM", a slip in its placeholder (note §B3); KMS's own
      // format is E4's
      responseElements: { keyId: KEY_ARN, keyState: 'PendingDeletion', deletionDate: 'Apr 12, 2021, 6:58:30 PM' },
    });
  });

  it('E6 CreateGrant: constraints in lowerCamelCase, context in clear; grantId and the key ARN, never the token', () => {
    const request = {
      KeyId: KEY_ARN,
      Constraints: { EncryptionContextSubset: { ContextKey1: 'Value1' } },
      Operations: ['Encrypt', 'RetireGrant'],
      GranteePrincipal: 'EX_PRINCIPAL_ID',
    };
    const grantId = 'f020fe75197b93991dc8491d6f19dd3cebb24ee62277a05914386724f3d48758';
    const response = { GrantId: grantId, GrantToken: 'AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM4Mzc0MWFiYjc0ZDE1ODkyYTFkMDMw' };
    const expected = {
      readOnly: false,
      requestParameters: {
        keyId: KEY_ARN,
        constraints: { encryptionContextSubset: { ContextKey1: 'Value1' } },
        operations: ['Encrypt', 'RetireGrant'],
        granteePrincipal: 'EX_PRINCIPAL_ID',
      },
      responseElements: { grantId, keyId: KEY_ARN },
    };
    // the key ARN from the request (given as an ARN) or from the dispatcher
    expect(kmsCallDetails('CreateGrant', request, response)).toEqual(expected);
    expect(kmsCallDetails('CreateGrant', { ...request, KeyId: 'alias/app' }, response, { keyArn: KEY_ARN })).toEqual({
      ...expected,
      requestParameters: { ...expected.requestParameters, keyId: 'alias/app' },
    });
  });

  it('E7 Sign: messageType RAW when not given, never the message or the signature', () => {
    const keyId = '0987dcba-09fe-87dc-65ba-ab0987654321';
    const request = { KeyId: keyId, Message: bytes(64), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' };
    const response = { KeyId: `arn:aws:kms:us-west-2:111122223333:key/${keyId}`, Signature: bytes(256), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' };
    expect(kmsCallDetails('Sign', request, response)).toEqual({
      readOnly: true,
      requestParameters: { messageType: 'RAW', keyId, signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' },
      responseElements: null,
    });
    expect(kmsCallDetails('Verify', { ...request, MessageType: 'DIGEST', Signature: bytes(256) }, { SignatureValid: true }).requestParameters).toEqual({
      messageType: 'DIGEST',
      keyId,
      signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    });
  });
});

describe('other operations', () => {
  it('operations that return nothing log the key ARN (post-2022), when it is known', () => {
    expect(kmsCallDetails('EnableKeyRotation', { KeyId: KEY_ID, RotationPeriodInDays: 180 }, {}, { keyArn: KEY_ARN })).toEqual({
      readOnly: false,
      requestParameters: { keyId: KEY_ID, rotationPeriodInDays: 180 },
      responseElements: { keyId: KEY_ARN },
    });
    expect(kmsCallDetails('EnableKeyRotation', { KeyId: KEY_ID }, {}).responseElements).toBeNull();
    expect(kmsCallDetails('EnableKeyRotation', { KeyId: KEY_ARN }, {}).responseElements).toEqual({ keyId: KEY_ARN });
    expect(kmsCallDetails('EnableKeyRotation', { KeyId: KEY_ARN }, undefined).responseElements).toBeNull();
  });

  it('ImportKeyMaterial: validTo Java style; never the material or the token', () => {
    const d = kmsCallDetails(
      'ImportKeyMaterial',
      { KeyId: KEY_ID, ImportToken: bytes(64), EncryptedKeyMaterial: bytes(256), ValidTo: new Date('2025-05-21T05:47:45Z'), ExpirationModel: 'KEY_MATERIAL_EXPIRES' },
      { KeyId: KEY_ARN, KeyMaterialId: MATERIAL },
    );
    expect(d).toEqual({
      readOnly: false,
      requestParameters: { keyId: KEY_ID, validTo: 'May 21, 2025, 5:47:45 AM', expirationModel: 'KEY_MATERIAL_EXPIRES' },
      responseElements: { keyId: KEY_ARN, keyMaterialId: MATERIAL },
    });
  });

  it('ReEncrypt: both key ids, algorithms and contexts; never the blob', () => {
    const d = kmsCallDetails(
      'ReEncrypt',
      { CiphertextBlob: bytes(184), DestinationKeyId: 'alias/new', SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { b: '2' } },
      { CiphertextBlob: bytes(184), SourceKeyId: KEY_ARN, KeyId: KEY_ARN },
    );
    expect(d.requestParameters).toEqual({
      sourceEncryptionContext: { a: '1' },
      destinationKeyId: 'alias/new',
      destinationEncryptionContext: { b: '2' },
      sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
    expect(d.responseElements).toBeNull();
  });

  it('custom key stores: passwords and XKS credentials hidden', () => {
    const d = kmsCallDetails(
      'CreateCustomKeyStore',
      { CustomKeyStoreName: 'ExampleKeyStore', CloudHsmClusterId: 'cluster-1a23b4cdefg', TrustAnchorCertificate: 'CERT', KeyStorePassword: 'kmsPswd1' },
      { CustomKeyStoreId: 'cks-1234567890abcdef0' },
    );
    expect(d).toEqual({
      readOnly: false,
      requestParameters: { customKeyStoreName: 'ExampleKeyStore', cloudHsmClusterId: 'cluster-1a23b4cdefg', trustAnchorCertificate: 'CERT', keyStorePassword: HIDDEN },
      responseElements: { customKeyStoreId: 'cks-1234567890abcdef0' },
    });
  });

  it('tags keep their keys and values, under tagKey/tagValue', () => {
    expect(kmsCallDetails('TagResource', { KeyId: KEY_ID, Tags: [{ TagKey: 'Purpose', TagValue: 'Test' }] }, {}).requestParameters).toEqual({
      keyId: KEY_ID,
      tags: [{ tagKey: 'Purpose', tagValue: 'Test' }],
    });
  });

  it('no parameters: requestParameters null', () => {
    expect(kmsCallDetails('ListKeys', {}, { Keys: [], Truncated: false })).toEqual({ readOnly: true, requestParameters: null, responseElements: null });
    expect(kmsCallDetails('ListKeys', { Limit: 10 }, { Keys: [] }).requestParameters).toEqual({ limit: 10 });
  });
});

// ---------------------------------------------------------------------------------------------
// The sweep: every operation, every member filled; no marker may reach the record.

const BLOB_TAG = 'BLOBMARK';
const SECRET_TAG = 'SECRETMARK';
const POLICY_TAG = 'POLICYMARK';
/** Request policies are logged (PutKeyPolicy, CreateKey, ReplicateKey): a plain text, checked present. */
const GIVEN_POLICY = '{"Version":"2012-10-17","Statement":[]}';
const CONTEXT = { Department: 'Engineering' };

const shapeOf = (ref: string): Shape => model.shapes[ref]!;

interface Sweep {
  blobs: Uint8Array[];
}

/** A value of `shape` for member `member`; policies and contexts as said above, blobs of marker bytes. */
function fill(ref: string, member: string, side: 'request' | 'response', op: string, s: Sweep, depth = 0): unknown {
  const shape = shapeOf(ref);
  switch (shape.type) {
    case 'blob': {
      const b = new Uint8Array(32);
      b.set(new TextEncoder().encode(BLOB_TAG));
      b.set(randomBytes(24), 8);
      s.blobs.push(b);
      return b;
    }
    case 'string':
      if (shape.sensitive) return `${SECRETMARK()}`;
      if (member === 'Policy' || member === 'ReplicaPolicy') {
        return side === 'request' ? GIVEN_POLICY : `${POLICY_TAG}-${op}`;
      }
      if (shape.enum) return shape.enum[0];
      return `x${member}`;
    case 'integer':
    case 'long':
      return Math.max(shape.min ?? 1, 7);
    case 'boolean':
      return true;
    case 'timestamp':
      return new Date('2024-03-04T05:06:07Z');
    case 'list':
      return [fill(shape.member, member, side, op, s, depth + 1)];
    case 'map':
      // Encryption contexts (and grant constraints, which are contexts): logged in clear, no marker
      return { ...CONTEXT };
    case 'structure':
      return filledStructure(shape, side, op, s, depth + 1);
  }
}

function SECRETMARK(): string {
  return `${SECRET_TAG}${randomBytes(6).toString('hex')}`;
}

function filledStructure(shape: StructureShape, side: 'request' | 'response', op: string, s: Sweep, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 5) return out;
  for (const [name, spec] of Object.entries(shape.members)) out[name] = fill(spec.shape, name, side, op, s, depth);
  return out;
}

/** Every spelling of a blob that could leak: raw, base64, base64url, hex, a JSON byte array. */
function spellings(b: Uint8Array): string[] {
  const buf = Buffer.from(b);
  return [
    buf.toString('latin1'),
    buf.toString('base64'),
    buf.toString('base64url'),
    buf.toString('hex'),
    buf.toString('hex').toUpperCase(),
    Array.from(b).join(','),
    JSON.stringify(buf.toString('latin1')).slice(1, -1),
  ];
}

function findBinary(v: unknown, path = '$'): string | undefined {
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) return path;
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = findBinary(x, `${path}.${k}`);
      if (p) return p;
    }
  }
  return undefined;
}

describe('the sweep: every operation, every member filled', () => {
  for (const [op, spec] of Object.entries(model.operations)) {
    it(op, () => {
      const s: Sweep = { blobs: [] };
      const input = model.shapes[spec.input] as StructureShape;
      const request = filledStructure(input, 'request', op, s);
      const response = spec.output ? filledStructure(model.shapes[spec.output] as StructureShape, 'response', op, s) : {};
      const secrets = [...JSON.stringify([request, response]).matchAll(new RegExp(`${SECRET_TAG}[0-9a-f]{12}`, 'g'))].map((m) => m[0]);

      for (const [resp, context] of [[response, undefined], [response, { keyArn: KEY_ARN, keyMaterialId: MATERIAL }], [undefined, undefined]] as const) {
        const d = kmsCallDetails(op, request, resp, context);
        const text = JSON.stringify(d);
        expect(findBinary(d)).toBeUndefined();
        expect(text).not.toContain(BLOB_TAG);
        for (const b of s.blobs) for (const spelling of spellings(b)) expect(text).not.toContain(spelling);
        expect(text).not.toContain(SECRET_TAG);
        for (const secret of secrets) expect(text).not.toContain(secret);
        // GetKeyPolicy's policy (and the policy ReplicateKey returns) never
        expect(text).not.toContain(POLICY_TAG);

        // Every member that is not a blob is logged under its lowerCamelCase name; blobs never
        const params = d.requestParameters ?? {};
        for (const [name, m] of Object.entries(input.members)) {
          const key = trailMemberName(name);
          if (shapeOf(m.shape).type === 'blob') expect(params, `${op}.${name}`).not.toHaveProperty(key);
          else expect(params, `${op}.${name}`).toHaveProperty(key);
        }
        // The encryption context is logged in clear; a policy given in the request is logged
        if (JSON.stringify(request).includes('Engineering')) expect(text).toContain('Engineering');
        if ('Policy' in request) expect(params.policy).toBe(GIVEN_POLICY);

        if (resp === undefined || d.readOnly) expect(d.responseElements).toBeNull();
      }
    });
  }
});
