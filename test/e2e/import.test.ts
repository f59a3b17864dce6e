// End to end through bin/kms: importing key material (BYOK) with the openssl commands AWS documents
// for wrapping it (RSAES_OAEP_SHA_256 in one step; RSA_AES_KEY_WRAP_SHA_256 as AES-KWP + OAEP).
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS, sandbox, type Sandbox } from '../support/cli.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const noOpenssl = !hasOpenssl();
if (noOpenssl) console.warn('skipping import e2e tests: openssl is not installed');

let sb: Sandbox;
beforeAll(async () => {
  if (!noOpenssl) sb = await sandbox();
});
afterAll(() => sb?.cleanup());

/** Runs a bash script in the sandbox with `kms` on hand as "$KMS"; fails on the first error. */
async function sh(script: string): Promise<string> {
  const r = await execa('bash', ['-c', `set -euo pipefail\n${script}`], { cwd: sb.dir, env: { ...sb.env, KMS }, extendEnv: false, reject: false });
  expect(r.exitCode, `${r.stderr}`).toBe(0);
  return String(r.stdout).trim();
}

/** Shell helpers: one get-parameters-for-import call saved as ImportToken.bin and WrappingPublicKey.bin. */
const PARAMS = `
params() { # key-id algorithm spec
  "$KMS" get-parameters-for-import --key-id "$1" --wrapping-algorithm "$2" --wrapping-key-spec "$3" \\
    --query '[ImportToken,PublicKey]' --output text > params.txt
  cut -f1 params.txt | base64 -d > ImportToken.bin
  cut -f2 params.txt | base64 -d > WrappingPublicKey.bin
}
oaep256() { # in out
  openssl pkeyutl -encrypt -in "$1" -out "$2" -inkey WrappingPublicKey.bin -keyform DER -pubin \\
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
}
aeswrap256() { # material out
  openssl rand -out aes-key.bin 32
  openssl enc -id-aes256-wrap-pad -K "$(od -An -tx1 aes-key.bin | tr -d ' \\n')" -iv A65959A6 -in "$1" -out key-material-wrapped.bin
  oaep256 aes-key.bin aes-key-wrapped.bin
  cat aes-key-wrapped.bin key-material-wrapped.bin > "$2"
}
import_material() { # key-id
  "$KMS" import-key-material --key-id "$1" --encrypted-key-material fileb://EncryptedKeyMaterial.bin \\
    --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE > /dev/null
}
`;

describe.skipIf(noOpenssl)('import-key-material with openssl-wrapped material', () => {
  it('symmetric key: decrypts its own ciphertexts after delete-imported-key-material and re-import', async () => {
    const out = await sh(`${PARAMS}
openssl rand -out PlaintextKeyMaterial.bin 32
KEY=$("$KMS" create-key --origin EXTERNAL --description byok --query KeyMetadata.KeyId --output text)
echo "created $("$KMS" describe-key --key-id "$KEY" --query KeyMetadata.KeyState --output text)"
params "$KEY" RSAES_OAEP_SHA_256 RSA_2048
oaep256 PlaintextKeyMaterial.bin EncryptedKeyMaterial.bin
import_material "$KEY"
echo "imported $("$KMS" describe-key --key-id "$KEY" --query KeyMetadata.KeyState --output text)"
printf 'imported secret' > msg.txt
"$KMS" encrypt --key-id "$KEY" --plaintext fileb://msg.txt --query CiphertextBlob --output text | base64 -d > ct.bin
"$KMS" delete-imported-key-material --key-id "$KEY" > /dev/null
echo "deleted $("$KMS" describe-key --key-id "$KEY" --query KeyMetadata.KeyState --output text)"
if "$KMS" decrypt --ciphertext-blob fileb://ct.bin 2> err.txt; then echo "decrypted while pending import"; fi
echo "refused: $(tr -d '\\n' < err.txt)"
params "$KEY" RSA_AES_KEY_WRAP_SHA_256 RSA_4096
aeswrap256 PlaintextKeyMaterial.bin EncryptedKeyMaterial.bin
import_material "$KEY"
echo "plaintext: $("$KMS" decrypt --ciphertext-blob fileb://ct.bin --query Plaintext --output text | base64 -d)"
`);
    const lines = out.split('\n');
    expect(lines[0]).toBe('created PendingImport');
    expect(lines[1]).toBe('imported Enabled');
    expect(lines[2]).toBe('deleted PendingImport');
    expect(lines[3]).toMatch(/^refused: .*An error occurred \(KMSInvalidStateException\) when calling the Decrypt operation: arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} is pending import\.$/);
    expect(lines[4]).toBe('plaintext: imported secret');
  });

  it('HMAC key: generate-mac equals openssl dgst -mac HMAC with the same key', async () => {
    const out = await sh(`${PARAMS}
openssl rand -out HMAC_256_PlaintextKey.bin 32
printf 'message to authenticate' > data.bin
KEY=$("$KMS" create-key --origin EXTERNAL --key-spec HMAC_256 --key-usage GENERATE_VERIFY_MAC --query KeyMetadata.KeyId --output text)
params "$KEY" RSA_AES_KEY_WRAP_SHA_256 RSA_3072
aeswrap256 HMAC_256_PlaintextKey.bin EncryptedKeyMaterial.bin
import_material "$KEY"
"$KMS" generate-mac --key-id "$KEY" --mac-algorithm HMAC_SHA_256 --message fileb://data.bin --query Mac --output text | base64 -d | od -An -tx1 | tr -d ' \\n'
echo
openssl dgst -sha256 -mac HMAC -macopt hexkey:"$(od -An -tx1 HMAC_256_PlaintextKey.bin | tr -d ' \\n')" -binary data.bin | od -An -tx1 | tr -d ' \\n'
`);
    const [kms, openssl] = out.split('\n');
    expect(kms).toMatch(/^[0-9a-f]{64}$/);
    expect(kms).toBe(openssl);
  });

  it('ECC key: get-public-key is the public key of the imported PKCS#8 private key', async () => {
    const out = await sh(`${PARAMS}
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve | openssl pkcs8 -topk8 -outform der -nocrypt > ECC_NIST_P256_PrivateKey.der
KEY=$("$KMS" create-key --origin EXTERNAL --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)
params "$KEY" RSAES_OAEP_SHA_256 RSA_2048
oaep256 ECC_NIST_P256_PrivateKey.der EncryptedKeyMaterial.bin
import_material "$KEY"
"$KMS" get-public-key --key-id "$KEY" --query PublicKey --output text
openssl pkey -inform DER -in ECC_NIST_P256_PrivateKey.der -pubout -outform DER | base64 -w0
`);
    const [kms, openssl] = out.split('\n');
    expect(kms).toBe(openssl);
  });
});
