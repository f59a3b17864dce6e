// `kms keyring seed FILE` and `kms serve --seed FILE` on local-kms's documented seed example: the
// keys and alias are made, a second run leaves them as they are, the ECC key's public key is the
// one openssl derives from the seed's PEM, and a server started with --seed answers for them. A
// larger seed with every entry kind is checked with the openssl CLI: public keys, an RSA signature,
// an HMAC, a seeded rotation opening an old ciphertext, and a PendingImport key taking material.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer } from './serve-support.js';
import { rowsDigest } from '../keyring/helpers.js';
import { DOCUMENTED as SEED, EC_PEM } from '../fixtures/local-kms-seed.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.log('seed e2e: openssl is not installed; the public key is compared with node:crypto only');

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));

describe('kms keyring seed, kms serve --seed', () => {
  it("seeds local-kms's documented example once; a second run changes nothing; openssl agrees on the public key", async () => {
    const sb = await sandbox();
    boxes.push(sb);
    const file = join(sb.dir, 'seed.yaml');
    writeFileSync(file, SEED);
    const first = await sb.kms(['keyring', 'seed', file]);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    expect(String(first.stderr)).toMatch(/made bc436485-5092-42b8-92a3-0aa8b93536dc, 800d5768-3fd7-4edd-a4b8-4c81c3e4c147, alias\/testing; already there, left as they are: none\n$/);
    const second = await sb.kms(['keyring', 'seed', file]);
    expect(second.exitCode).toBe(0);
    expect(String(second.stderr)).toMatch(/made none; already there, left as they are: bc436485-5092-42b8-92a3-0aa8b93536dc, 800d5768-3fd7-4edd-a4b8-4c81c3e4c147, alias\/testing\n$/);
    const pub = await sb.kms(['get-public-key', '--key-id', '800d5768-3fd7-4edd-a4b8-4c81c3e4c147', '--query', 'PublicKey', '--output', 'text']);
    const der = Buffer.from(String(pub.stdout).trim(), 'base64');
    if (hasOpenssl) {
      const pem = join(sb.dir, 'ec.pem');
      writeFileSync(pem, EC_PEM);
      expect(der).toEqual(spawnSync('openssl', ['pkey', '-in', pem, '-pubout', '-outform', 'DER']).stdout);
    }
    const bad = join(sb.dir, 'bad.yaml');
    // a new AES key first (it would be made), then an ECC key whose PEM is damaged: nothing is made
    writeFileSync(bad, SEED.replace('bc436485-5092-42b8-92a3-0aa8b93536dc', '9c436485-5092-42b8-92a3-0aa8b93536dc').replace('AwEHoUQDQgAE', 'AwEHoUQDQgA!'));
    const before = rowsDigest(sb.keyring);
    const refused = await sb.kms(['keyring', 'seed', bad]);
    expect(rowsDigest(sb.keyring)).toBe(before);
    expect(refused.exitCode).toBe(253);
    expect(String(refused.stderr)).toBe(
      `error: the seed file ${bad}: Keys.Asymmetric.Ecc[0].PrivateKeyPem is not a PEM private key (PKCS#8, or the traditional EC or RSA form) without a passphrase\nhint: nothing was seeded: the file is applied whole or not at all\n`,
    );
  });

  it('a larger seed with every entry kind, each key checked with the openssl CLI', async (ctx) => {
    if (!hasOpenssl) return ctx.skip();
    const sb = await sandbox();
    boxes.push(sb);
    const ssl = (args: string[], input?: Buffer | string) => {
      const r = spawnSync('openssl', args, { input, cwd: sb.dir });
      if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${String(r.stderr)}`);
      return r.stdout;
    };
    // the private keys, made by openssl in the forms fixtures hold them
    const rsaPem = String(ssl(['genrsa', '-traditional', '2048'])); // -----BEGIN RSA PRIVATE KEY-----
    const ecPem = String(ssl(['ecparam', '-name', 'secp384r1', '-genkey', '-noout'])); // -----BEGIN EC PRIVATE KEY-----
    const edPem = String(ssl(['genpkey', '-algorithm', 'ED25519']));
    const k1Hex = randomBytes(32).toString('hex');
    const k1Der = Buffer.concat([Buffer.from('302e0201010420', 'hex'), Buffer.from(k1Hex, 'hex'), Buffer.from('a00706052b8104000a', 'hex')]);
    const [b1, b2, b3, hmacKey, mlSeed] = [0, 1, 2, 3, 4].map(() => randomBytes(32).toString('hex'));
    const id = (n: number) => `${String(n).repeat(8)}-${String(n).repeat(4)}-4${String(n).repeat(3)}-8${String(n).repeat(3)}-${String(n).repeat(12)}`;
    const pem = (text: string) => text.trim().split('\n').map((l) => `          ${l}`).join('\n');
    const seed = `Keys:
  Symmetric:
    Aes:
      - Metadata: { KeyId: ${id(1)}, Description: rotated twice }
        BackingKeys: [${b1}, ${b2}, ${b3}]
      - Metadata: { KeyId: ${id(2)}, Origin: EXTERNAL }
      - Metadata: { KeyId: ${id(3)} }
        BackingKeys: [${b1}]
  Asymmetric:
    Rsa:
      - Metadata: { KeyId: ${id(4)}, KeyUsage: SIGN_VERIFY }
        PrivateKeyPem: |
${pem(rsaPem)}
    Ecc:
      - Metadata: { KeyId: ${id(5)}, KeyUsage: SIGN_VERIFY }
        PrivateKeyPem: |
${pem(ecPem)}
      - Metadata: { KeyId: ${id(6)} }
        PrivateKeyHex: ${k1Hex}
    Ed25519:
      - Metadata: { KeyId: ${id(7)} }
        PrivateKeyPem: |
${pem(edPem)}
    MlDsa:
      - Metadata: { KeyId: ${id(8)} }
        KeySpec: ML_DSA_65
        Seed: ${mlSeed}
  Hmac:
    - Metadata: { KeyId: ${id(9)} }
      KeySpec: HMAC_256
      KeyMaterial: ${hmacKey}
Aliases:
  - { AliasName: alias/rotated, TargetKeyId: ${id(1)} }
  - { AliasName: alias/pending, TargetKeyId: ${id(2)} }
  - { AliasName: alias/signer, TargetKeyId: ${id(4)} }
`;
    const file = join(sb.dir, 'seed.yaml');
    writeFileSync(file, seed);
    const r = await sb.kms(['keyring', 'seed', file]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const kms = async (args: string[]) => {
      const out = await sb.kms(args, { cwd: sb.dir });
      expect(out.exitCode, `${args.join(' ')}: ${String(out.stderr)}`).toBe(0);
      return String(out.stdout).trim();
    };
    const b64 = (text: string) => Buffer.from(text, 'base64');

    // public keys: what openssl derives from the same private keys
    const publicDer = (key: Buffer | string, inform: string[]) => ssl(['pkey', ...inform, '-pubout', '-outform', 'DER'], key);
    const ecPublic = (der: Buffer) => ssl(['ec', '-inform', 'DER', '-pubout', '-outform', 'DER'], der);
    for (const [key, expected] of [
      [id(4), publicDer(rsaPem, [])],
      [id(5), publicDer(ecPem, [])],
      [id(6), ecPublic(k1Der)],
      [id(7), publicDer(edPem, [])],
    ] as const) {
      expect(b64(await kms(['get-public-key', '--key-id', key, '--query', 'PublicKey', '--output', 'text'])), key).toEqual(expected);
    }
    expect(await kms(['describe-key', '--key-id', id(6), '--query', 'KeyMetadata.KeySpec', '--output', 'text'])).toBe('ECC_SECG_P256K1');
    // a signature by the seeded RSA key verifies with openssl and the PEM's public key
    writeFileSync(join(sb.dir, 'msg'), 'signed by a seeded key');
    writeFileSync(join(sb.dir, 'rsa.pem'), rsaPem);
    writeFileSync(join(sb.dir, 'sig'), b64(await kms(['sign', '--key-id', 'alias/signer', '--message', 'fileb://msg', '--signing-algorithm', 'RSASSA_PKCS1_V1_5_SHA_256', '--query', 'Signature', '--output', 'text'])));
    expect(String(ssl(['dgst', '-sha256', '-prverify', 'rsa.pem', '-signature', 'sig', 'msg']))).toBe('Verified OK\n');
    // the HMAC key's MAC is openssl's over the given material
    const mac = b64(await kms(['generate-mac', '--key-id', id(9), '--message', 'fileb://msg', '--mac-algorithm', 'HMAC_SHA_256', '--query', 'Mac', '--output', 'text']));
    expect(mac).toEqual(ssl(['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hmacKey}`, '-binary', 'msg']));
    // ML-DSA from its seed signs and verifies
    const mlSig = await kms(['sign', '--key-id', id(8), '--message', 'fileb://msg', '--signing-algorithm', 'ML_DSA_SHAKE_256', '--query', 'Signature', '--output', 'text']);
    expect(await kms(['verify', '--key-id', id(8), '--message', 'fileb://msg', '--signature', mlSig, '--signing-algorithm', 'ML_DSA_SHAKE_256', '--query', 'SignatureValid', '--output', 'text'])).toBe('True');

    // rotations: a ciphertext of the first backing key (made by the key seeded with it alone)
    // decrypts under the key seeded with all three; two rotations are listed
    const old = await kms(['encrypt', '--key-id', id(3), '--plaintext', 'fileb://msg', '--query', 'CiphertextBlob', '--output', 'text']);
    const other = await sandbox();
    boxes.push(other);
    writeFileSync(join(other.dir, 'seed.yaml'), seed.replace(`KeyId: ${id(3)}`, `KeyId: ${id(1)}`).replace(`KeyId: ${id(1)}, Description: rotated twice }\n        BackingKeys: [${b1}, ${b2}, ${b3}]`, `KeyId: ${id(3)} }\n        BackingKeys: [${b1}, ${b2}, ${b3}]`));
    expect((await other.kms(['keyring', 'seed', join(other.dir, 'seed.yaml')])).exitCode).toBe(0);
    const opened = await other.kms(['decrypt', '--ciphertext-blob', old, '--query', 'Plaintext', '--output', 'text']);
    expect(b64(String(opened.stdout).trim()).toString(), String(opened.stderr)).toBe('signed by a seeded key');
    expect(JSON.parse(await kms(['list-key-rotations', '--key-id', id(1)])).Rotations).toHaveLength(2);

    // the PendingImport key takes material wrapped by openssl
    expect(await kms(['describe-key', '--key-id', 'alias/pending', '--query', 'KeyMetadata.KeyState', '--output', 'text'])).toBe('PendingImport');
    const params = JSON.parse(await kms(['get-parameters-for-import', '--key-id', id(2), '--wrapping-algorithm', 'RSAES_OAEP_SHA_256', '--wrapping-key-spec', 'RSA_2048']));
    writeFileSync(join(sb.dir, 'wrapping.der'), b64(params.PublicKey));
    writeFileSync(join(sb.dir, 'material'), randomBytes(32));
    const wrapped = ssl(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'wrapping.der', '-in', 'material', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']);
    writeFileSync(join(sb.dir, 'wrapped'), wrapped);
    writeFileSync(join(sb.dir, 'token'), b64(params.ImportToken));
    await kms(['import-key-material', '--key-id', id(2), '--encrypted-key-material', 'fileb://wrapped', '--import-token', 'fileb://token', '--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE']);
    expect(await kms(['describe-key', '--key-id', 'alias/pending', '--query', 'KeyMetadata.KeyState', '--output', 'text'])).toBe('Enabled');
    expect(JSON.parse(await kms(['list-aliases', '--query', "Aliases[?starts_with(AliasName, 'alias/aws/') == `false`].AliasName"]))).toEqual(['alias/pending', 'alias/rotated', 'alias/signer']);
  }, 120_000);

  it('kms serve --seed makes the keys before it listens', async () => {
    const sb = await sandbox();
    boxes.push(sb);
    const file = join(sb.dir, 'seed.yaml');
    writeFileSync(file, SEED);
    const server = await startServer(sb, ['--seed', file]);
    try {
      const r = await sb.kms(['--endpoint-url', server.url, 'describe-key', '--key-id', 'alias/testing'], { env: clientEnv(sb) });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(json(r).KeyMetadata).toMatchObject({ KeyId: 'bc436485-5092-42b8-92a3-0aa8b93536dc', Origin: 'EXTERNAL' });
    } finally {
      await server.stop();
    }
  });
});
