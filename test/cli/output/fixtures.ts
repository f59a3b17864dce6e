// Response objects covering every output shape pattern of the KMS API, as the engine hands
// them to the output layer (member order of the model, Uint8Array blobs, Date timestamps).

const ACCOUNT = '111122223333';
const ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${ID}`;
const blob = (n: number, seed = 7): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const at = (iso: string): Date => new Date(iso);

export const FIXTURES: Record<string, { operation: string; response: Record<string, unknown> }> = {
  encrypt: {
    operation: 'Encrypt',
    response: { CiphertextBlob: blob(60), KeyId: ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  },
  describeKey: {
    operation: 'DescribeKey',
    response: {
      KeyMetadata: {
        AWSAccountId: ACCOUNT,
        KeyId: ID,
        Arn: ARN,
        CreationDate: at('2026-11-28T16:24:35.123Z'),
        Enabled: true,
        Description: '',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: false,
      },
    },
  },
  describeKeyMultiRegion: {
    operation: 'DescribeKey',
    response: {
      KeyMetadata: {
        AWSAccountId: ACCOUNT,
        KeyId: 'mrk-1234abcd12ab34cd56ef1234567890ab',
        Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
        CreationDate: at('2026-01-02T03:04:05Z'),
        Enabled: false,
        Description: 'signing key',
        KeyUsage: 'SIGN_VERIFY',
        KeyState: 'PendingDeletion',
        DeletionDate: at('2026-12-05T00:00:00.5Z'),
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        CustomerMasterKeySpec: 'RSA_2048',
        KeySpec: 'RSA_2048',
        SigningAlgorithms: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_256'],
        MultiRegion: true,
        MultiRegionConfiguration: {
          MultiRegionKeyType: 'PRIMARY',
          PrimaryKey: { Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1`, Region: 'us-east-1' },
          ReplicaKeys: [
            { Arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-1`, Region: 'eu-west-1' },
            { Arn: `arn:aws:kms:ap-south-1:${ACCOUNT}:key/mrk-1`, Region: 'ap-south-1' },
          ],
        },
        PendingDeletionWindowInDays: 7,
      },
    },
  },
  listKeys: {
    operation: 'ListKeys',
    response: {
      Keys: [
        { KeyId: ID, KeyArn: ARN },
        { KeyId: 'k2', KeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k2` },
        { KeyId: 'k3', KeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k3` },
      ],
      Truncated: false,
    },
  },
  listAliases: {
    operation: 'ListAliases',
    response: {
      Aliases: [
        { AliasName: 'alias/aws/ebs', AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs` },
        {
          AliasName: 'alias/app',
          AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`,
          TargetKeyId: ID,
          CreationDate: at('2026-03-01T10:00:00.001Z'),
          LastUpdatedDate: at('2026-03-02T10:00:00Z'),
        },
      ],
      Truncated: false,
    },
  },
  listGrants: {
    operation: 'ListGrants',
    response: {
      Grants: [
        {
          KeyId: ARN,
          GrantId: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
          Name: 'app-grant',
          CreationDate: at('2026-05-05T05:05:05Z'),
          GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/app`,
          RetiringPrincipal: `arn:aws:iam::${ACCOUNT}:role/ops`,
          IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
          Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey'],
          Constraints: { EncryptionContextSubset: { Department: 'IT', Project: 'alpha' } },
        },
        {
          KeyId: ARN,
          GrantId: '0123',
          CreationDate: at('2026-05-06T05:05:05Z'),
          GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/b`,
          IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
          Operations: ['Decrypt'],
        },
      ],
      Truncated: false,
    },
  },
  listTags: {
    operation: 'ListResourceTags',
    response: { Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'owner', TagValue: 'ops' }], Truncated: false },
  },
  keyPolicy: {
    operation: 'GetKeyPolicy',
    response: { Policy: '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1"\n}', PolicyName: 'default' },
  },
  emptyList: { operation: 'ListKeys', response: { Keys: [], Truncated: false } },
  empty: { operation: 'DeleteAlias', response: {} },
  unicode: {
    operation: 'DescribeKey',
    response: { KeyMetadata: { KeyId: ID, Description: 'clé für 日本語 ✓ 🔑', Enabled: true, Origin: 'AWS_KMS' } },
  },
  publicKey: {
    operation: 'GetPublicKey',
    response: {
      KeyId: ARN,
      PublicKey: blob(294, 3),
      CustomerMasterKeySpec: 'RSA_2048',
      KeySpec: 'RSA_2048',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['RSASSA_PSS_SHA_256'],
    },
  },
  rotations: {
    operation: 'ListKeyRotations',
    response: {
      Rotations: [
        { KeyId: ID, RotationDate: at('2026-06-01T00:00:00Z'), RotationType: 'AUTOMATIC' },
        { KeyId: ID, RotationDate: at('2026-07-01T12:30:00.250Z'), RotationType: 'ON_DEMAND' },
      ],
      Truncated: false,
    },
  },
  random: { operation: 'GenerateRandom', response: { Plaintext: blob(32) } },
  rotationStatus: {
    operation: 'GetKeyRotationStatus',
    response: { KeyRotationEnabled: true, KeyId: ID, RotationPeriodInDays: 365, NextRotationDate: at('2027-11-28T00:00:00Z') },
  },
  dataKeyPair: {
    operation: 'GenerateDataKeyPairWithoutPlaintext',
    response: { PrivateKeyCiphertextBlob: blob(40), PublicKey: blob(91), KeyId: ARN, KeyPairSpec: 'ECC_NIST_P256' },
  },
};
