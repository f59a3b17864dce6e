// KMS API request/response shapes of the GenerateDataKey* operations.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const datakeyShapes: Readonly<Record<string, Shape>> = {
  GenerateDataKeyPairRequest: {
    type: 'structure',
    required: ['KeyId', 'KeyPairSpec'],
    members: {
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      KeyPairSpec: { shape: 'DataKeyPairSpec', doc: 'The type of the data key pair to generate.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      Recipient: { shape: 'RecipientInfo', doc: 'A signed attestation document from a Nitro enclave.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  GenerateDataKeyPairResponse: {
    type: 'structure',
    members: {
      PrivateKeyCiphertextBlob: {
        shape: 'CiphertextType',
        doc: 'The private key of the pair, encrypted under the KMS key.',
      },
      PrivateKeyPlaintext: { shape: 'PlaintextType', doc: 'The private key of the pair, in DER form.' },
      PublicKey: { shape: 'PublicKeyType', doc: 'A DER-encoded public key (SubjectPublicKeyInfo).' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyPairSpec: { shape: 'DataKeyPairSpec', doc: 'The type of the data key pair to generate.' },
      CiphertextForRecipient: {
        shape: 'CiphertextType',
        doc: 'The result encrypted under the public key from the attestation document.',
      },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  GenerateDataKeyPairWithoutPlaintextRequest: {
    type: 'structure',
    required: ['KeyId', 'KeyPairSpec'],
    members: {
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      KeyPairSpec: { shape: 'DataKeyPairSpec', doc: 'The type of the data key pair to generate.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  GenerateDataKeyPairWithoutPlaintextResponse: {
    type: 'structure',
    members: {
      PrivateKeyCiphertextBlob: {
        shape: 'CiphertextType',
        doc: 'The private key of the pair, encrypted under the KMS key.',
      },
      PublicKey: { shape: 'PublicKeyType', doc: 'A DER-encoded public key (SubjectPublicKeyInfo).' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyPairSpec: { shape: 'DataKeyPairSpec', doc: 'The type of the data key pair to generate.' },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  GenerateDataKeyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      NumberOfBytes: {
        shape: 'NumberOfBytesType',
        doc: 'The length in bytes of the data key or random data.',
      },
      KeySpec: {
        shape: 'DataKeySpec',
        doc: 'The type of key: symmetric, RSA, elliptic curve, HMAC or ML-DSA.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      Recipient: { shape: 'RecipientInfo', doc: 'A signed attestation document from a Nitro enclave.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  GenerateDataKeyResponse: {
    type: 'structure',
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      Plaintext: { shape: 'PlaintextType', doc: 'The unencrypted data or data key.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      CiphertextForRecipient: {
        shape: 'CiphertextType',
        doc: 'The result encrypted under the public key from the attestation document.',
      },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  GenerateDataKeyWithoutPlaintextRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      KeySpec: {
        shape: 'DataKeySpec',
        doc: 'The type of key: symmetric, RSA, elliptic curve, HMAC or ML-DSA.',
      },
      NumberOfBytes: {
        shape: 'NumberOfBytesType',
        doc: 'The length in bytes of the data key or random data.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  GenerateDataKeyWithoutPlaintextResponse: {
    type: 'structure',
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
};
