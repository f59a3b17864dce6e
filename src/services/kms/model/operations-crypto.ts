// KMS API cryptographic operations: encrypt/decrypt, data keys, random, sign/verify, MAC, ECDH.
// Data only: imports nothing but the types in ./types.js; errors and paginators from botocore, docs ours.
import type { OperationSpec } from '../../../api/types.js';

export const cryptoOperations: Readonly<Record<string, OperationSpec>> = {
  Decrypt: {
    name: 'Decrypt',
    input: 'DecryptRequest',
    output: 'DecryptResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'InvalidCiphertextException', 'KeyUnavailableException',
      'IncorrectKeyException', 'InvalidKeyUsageException', 'DependencyTimeoutException',
      'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidStateException',
      'DryRunOperationException',
    ],
    doc: 'Decrypts a ciphertext made by Encrypt, GenerateDataKey or a similar call. For symmetric keys the key comes from the blob; the encryption context must match the one used to encrypt.',
    examples: [
      { command: 'kms decrypt --ciphertext-blob fileb://secret.bin --output text --query Plaintext', description: 'Prints the plaintext, base64-encoded.' },
    ],
  },
  DeriveSharedSecret: {
    name: 'DeriveSharedSecret',
    input: 'DeriveSharedSecretRequest',
    output: 'DeriveSharedSecretResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidGrantTokenException', 'InvalidKeyUsageException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Runs ECDH between the private key of a key-agreement key and a public key you give, and returns the shared secret.',
    examples: [
      { command: 'kms derive-shared-secret --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --key-agreement-algorithm ECDH --public-key fileb://peer.der', description: 'Derives a secret with a peer\'s public key.' },
    ],
  },
  Encrypt: {
    name: 'Encrypt',
    input: 'EncryptRequest',
    output: 'EncryptResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Encrypts up to 4096 bytes under a key. Pass an encryption context to bind extra data that decryption must repeat.',
    examples: [
      { command: 'kms encrypt --key-id alias/app --plaintext fileb://secret.txt --output text --query CiphertextBlob', description: 'Prints the ciphertext, base64-encoded.' },
    ],
  },
  GenerateDataKey: {
    name: 'GenerateDataKey',
    input: 'GenerateDataKeyRequest',
    output: 'GenerateDataKeyResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Returns a fresh symmetric data key twice: in plaintext and encrypted under the key. Use the plaintext copy to encrypt locally, then discard it and keep the encrypted copy.',
    examples: [
      { command: 'kms generate-data-key --key-id alias/app --key-spec AES_256', description: 'Creates a 256-bit data key.' },
    ],
  },
  GenerateDataKeyPair: {
    name: 'GenerateDataKeyPair',
    input: 'GenerateDataKeyPairRequest',
    output: 'GenerateDataKeyPairResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'UnsupportedOperationException', 'DryRunOperationException',
    ],
    doc: 'Returns a fresh asymmetric key pair: the public key, the private key in plaintext, and the private key encrypted under a symmetric key.',
    examples: [
      { command: 'kms generate-data-key-pair --key-id alias/app --key-pair-spec ECC_NIST_P256', description: 'Creates a P-256 key pair.' },
    ],
  },
  GenerateDataKeyPairWithoutPlaintext: {
    name: 'GenerateDataKeyPairWithoutPlaintext',
    input: 'GenerateDataKeyPairWithoutPlaintextRequest',
    output: 'GenerateDataKeyPairWithoutPlaintextResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'UnsupportedOperationException', 'DryRunOperationException',
    ],
    doc: 'Like GenerateDataKeyPair, but the private key is returned only encrypted.',
    examples: [
      { command: 'kms generate-data-key-pair-without-plaintext --key-id alias/app --key-pair-spec RSA_2048', description: 'Creates an RSA key pair whose private key stays encrypted.' },
    ],
  },
  GenerateDataKeyWithoutPlaintext: {
    name: 'GenerateDataKeyWithoutPlaintext',
    input: 'GenerateDataKeyWithoutPlaintextRequest',
    output: 'GenerateDataKeyWithoutPlaintextResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Like GenerateDataKey, but the data key is returned only encrypted; decrypt it later when needed.',
    examples: [
      { command: 'kms generate-data-key-without-plaintext --key-id alias/app --key-spec AES_256', description: 'Creates an encrypted 256-bit data key.' },
    ],
  },
  GenerateMac: {
    name: 'GenerateMac',
    input: 'GenerateMacRequest',
    output: 'GenerateMacResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'InvalidKeyUsageException',
      'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidStateException',
      'DryRunOperationException',
    ],
    doc: 'Computes an HMAC of a message with an HMAC key.',
    examples: [
      { command: 'kms generate-mac --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --mac-algorithm HMAC_SHA_256 --message fileb://msg.txt', description: 'Computes an HMAC-SHA-256 tag.' },
    ],
  },
  GenerateRandom: {
    name: 'GenerateRandom',
    input: 'GenerateRandomRequest',
    output: 'GenerateRandomResponse',
    errors: [
      'DependencyTimeoutException', 'KMSInternalException', 'UnsupportedOperationException',
      'CustomKeyStoreNotFoundException', 'CustomKeyStoreInvalidStateException',
    ],
    doc: 'Returns random bytes, 1 to 1024 of them.',
    examples: [
      { command: 'kms generate-random --number-of-bytes 32', description: 'Returns 32 random bytes, base64-encoded.' },
    ],
  },
  ReEncrypt: {
    name: 'ReEncrypt',
    input: 'ReEncryptRequest',
    output: 'ReEncryptResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'InvalidCiphertextException', 'KeyUnavailableException',
      'IncorrectKeyException', 'DependencyTimeoutException', 'InvalidKeyUsageException',
      'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidStateException',
      'DryRunOperationException',
    ],
    doc: 'Decrypts a ciphertext and encrypts the result under another key or context, without exposing the plaintext.',
    examples: [
      { command: 'kms re-encrypt --ciphertext-blob fileb://secret.bin --destination-key-id alias/new', description: 'Moves a ciphertext to another key.' },
    ],
  },
  Sign: {
    name: 'Sign',
    input: 'SignRequest',
    output: 'SignResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Signs a message or digest with the private key of an asymmetric signing key.',
    examples: [
      { command: 'kms sign --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --message fileb://msg.txt --message-type RAW --signing-algorithm ECDSA_SHA_256', description: 'Signs a file with ECDSA.' },
    ],
  },
  Verify: {
    name: 'Verify',
    input: 'VerifyRequest',
    output: 'VerifyResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException',
      'KMSInvalidStateException', 'KMSInvalidSignatureException', 'DryRunOperationException',
    ],
    doc: 'Checks a signature made by Sign, with the same key and algorithm. A bad signature fails with KMSInvalidSignatureException.',
    examples: [
      { command: 'kms verify --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --message fileb://msg.txt --signature fileb://sig.bin --signing-algorithm ECDSA_SHA_256', description: 'Verifies a signature.' },
    ],
  },
  VerifyMac: {
    name: 'VerifyMac',
    input: 'VerifyMacRequest',
    output: 'VerifyMacResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'InvalidKeyUsageException',
      'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidMacException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Checks an HMAC made by GenerateMac. A wrong MAC fails with KMSInvalidMacException.',
    examples: [
      { command: 'kms verify-mac --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --mac-algorithm HMAC_SHA_256 --message fileb://msg.txt --mac fileb://tag.bin', description: 'Verifies an HMAC.' },
    ],
  },
};
