// KMS API request/response shapes of encrypt, decrypt, random, sign/verify, MAC and ECDH.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const cryptoShapes: Readonly<Record<string, Shape>> = {
  DecryptRequest: {
    type: 'structure',
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      EncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The encryption algorithm to use or that was used.',
      },
      Recipient: { shape: 'RecipientInfo', doc: 'A signed attestation document from a Nitro enclave.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
      DryRunModifiers: { shape: 'DryRunModifierList', doc: 'Extra checks to make in a dry run.' },
    },
  },
  DecryptResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      Plaintext: { shape: 'PlaintextType', doc: 'The unencrypted data or data key.' },
      EncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The encryption algorithm to use or that was used.',
      },
      CiphertextForRecipient: {
        shape: 'CiphertextType',
        doc: 'The result encrypted under the public key from the attestation document.',
      },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  DeriveSharedSecretRequest: {
    type: 'structure',
    required: ['KeyId', 'KeyAgreementAlgorithm', 'PublicKey'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      KeyAgreementAlgorithm: {
        shape: 'KeyAgreementAlgorithmSpec',
        doc: 'The key agreement algorithm to use or that was used.',
      },
      PublicKey: { shape: 'PublicKeyType', doc: 'A DER-encoded public key (SubjectPublicKeyInfo).' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
      Recipient: { shape: 'RecipientInfo', doc: 'A signed attestation document from a Nitro enclave.' },
    },
  },
  DeriveSharedSecretResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      SharedSecret: { shape: 'PlaintextType', doc: 'The raw shared secret the key agreement produced.' },
      CiphertextForRecipient: {
        shape: 'CiphertextType',
        doc: 'The result encrypted under the public key from the attestation document.',
      },
      KeyAgreementAlgorithm: {
        shape: 'KeyAgreementAlgorithmSpec',
        doc: 'The key agreement algorithm to use or that was used.',
      },
      KeyOrigin: { shape: 'OriginType', doc: 'Where the key material came from.' },
    },
  },
  EncryptRequest: {
    type: 'structure',
    required: ['KeyId', 'Plaintext'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Plaintext: { shape: 'PlaintextType', doc: 'The unencrypted data or data key.' },
      EncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'Extra authenticated key-value pairs bound to the ciphertext.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      EncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The encryption algorithm to use or that was used.',
      },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  EncryptResponse: {
    type: 'structure',
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      EncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The encryption algorithm to use or that was used.',
      },
    },
  },
  GenerateMacRequest: {
    type: 'structure',
    required: ['Message', 'KeyId', 'MacAlgorithm'],
    members: {
      Message: { shape: 'PlaintextType', doc: 'The message to sign or verify, or its digest.' },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      MacAlgorithm: { shape: 'MacAlgorithmSpec', doc: 'The MAC algorithm to use or that was used.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  GenerateMacResponse: {
    type: 'structure',
    members: {
      Mac: { shape: 'CiphertextType', doc: 'The message authentication code.' },
      MacAlgorithm: { shape: 'MacAlgorithmSpec', doc: 'The MAC algorithm to use or that was used.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
    },
  },
  GenerateRandomRequest: {
    type: 'structure',
    members: {
      NumberOfBytes: {
        shape: 'NumberOfBytesType',
        doc: 'The length in bytes of the data key or random data.',
      },
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      Recipient: { shape: 'RecipientInfo', doc: 'A signed attestation document from a Nitro enclave.' },
    },
  },
  GenerateRandomResponse: {
    type: 'structure',
    members: {
      Plaintext: { shape: 'PlaintextType', doc: 'The unencrypted data or data key.' },
      CiphertextForRecipient: {
        shape: 'CiphertextType',
        doc: 'The result encrypted under the public key from the attestation document.',
      },
    },
  },
  ReEncryptRequest: {
    type: 'structure',
    required: ['DestinationKeyId'],
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      SourceEncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'The encryption context of the incoming ciphertext.',
      },
      SourceKeyId: { shape: 'KeyIdType', doc: 'The key that encrypted the incoming ciphertext.' },
      DestinationKeyId: { shape: 'KeyIdType', doc: 'The key that encrypts the data again.' },
      DestinationEncryptionContext: {
        shape: 'EncryptionContextType',
        doc: 'The encryption context to bind to the new ciphertext.',
      },
      SourceEncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The algorithm that encrypted the incoming ciphertext.',
      },
      DestinationEncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The algorithm used to encrypt again under the destination key.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
      DryRunModifiers: { shape: 'DryRunModifierList', doc: 'Extra checks to make in a dry run.' },
    },
  },
  ReEncryptResponse: {
    type: 'structure',
    members: {
      CiphertextBlob: { shape: 'CiphertextType', doc: 'The encrypted data, as an opaque binary blob.' },
      SourceKeyId: { shape: 'KeyIdType', doc: 'The ARN of the key that decrypted the incoming ciphertext.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key that encrypted the new ciphertext.' },
      SourceEncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The algorithm that encrypted the incoming ciphertext.',
      },
      DestinationEncryptionAlgorithm: {
        shape: 'EncryptionAlgorithmSpec',
        doc: 'The algorithm used to encrypt again under the destination key.',
      },
      SourceKeyMaterialId: {
        shape: 'BackingKeyIdType',
        doc: 'The key material version that decrypted the incoming ciphertext.',
      },
      DestinationKeyMaterialId: {
        shape: 'BackingKeyIdType',
        doc: 'The key material version that produced the new ciphertext.',
      },
    },
  },
  SignRequest: {
    type: 'structure',
    required: ['KeyId', 'Message', 'SigningAlgorithm'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Message: { shape: 'PlaintextType', doc: 'The message to sign or verify, or its digest.' },
      MessageType: { shape: 'MessageType', doc: 'Whether Message is the raw message or a digest of it.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      SigningAlgorithm: {
        shape: 'SigningAlgorithmSpec',
        doc: 'The signing algorithm to use or that was used.',
      },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  SignResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      Signature: { shape: 'CiphertextType', doc: 'The signature.' },
      SigningAlgorithm: {
        shape: 'SigningAlgorithmSpec',
        doc: 'The signing algorithm to use or that was used.',
      },
    },
  },
  VerifyMacRequest: {
    type: 'structure',
    required: ['Message', 'KeyId', 'MacAlgorithm', 'Mac'],
    members: {
      Message: { shape: 'PlaintextType', doc: 'The message to sign or verify, or its digest.' },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      MacAlgorithm: { shape: 'MacAlgorithmSpec', doc: 'The MAC algorithm to use or that was used.' },
      Mac: { shape: 'CiphertextType', doc: 'The message authentication code.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  VerifyMacResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      MacValid: { shape: 'BooleanType', doc: 'Whether the MAC matched.' },
      MacAlgorithm: { shape: 'MacAlgorithmSpec', doc: 'The MAC algorithm to use or that was used.' },
    },
  },
  VerifyRequest: {
    type: 'structure',
    required: ['KeyId', 'Message', 'Signature', 'SigningAlgorithm'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Message: { shape: 'PlaintextType', doc: 'The message to sign or verify, or its digest.' },
      MessageType: { shape: 'MessageType', doc: 'Whether Message is the raw message or a digest of it.' },
      Signature: { shape: 'CiphertextType', doc: 'The signature.' },
      SigningAlgorithm: {
        shape: 'SigningAlgorithmSpec',
        doc: 'The signing algorithm to use or that was used.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  VerifyResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      SignatureValid: { shape: 'BooleanType', doc: 'Whether the signature matched.' },
      SigningAlgorithm: {
        shape: 'SigningAlgorithmSpec',
        doc: 'The signing algorithm to use or that was used.',
      },
    },
  },
};
