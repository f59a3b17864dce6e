// Deterministic test keyrings (`kms keyring init --deterministic SEED`): two fresh keyrings made
// from one seed give the same key ids, key material and outputs for the same calls, for every key
// spec and every operation that draws randomness; the stream's position is kept in the keyring
// (a reopened keyring goes on where it stopped; calls that fail or only read move nothing on; two
// connections never draw the same blocks); the material made from the stream is valid (openssl);
// and team keyrings, empty seeds and copies to a database are refused.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify as nodeVerify, constants } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordStore } from '../../src/engine/store.js';
import { LocalError } from '../../src/errors.js';
import { keyringCopy, keyringInfo, keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { DETERMINISTIC_RECORD, deterministicKey, keystream } from '../../src/keyring/deterministic.js';
import { makeEnv, type TestEnv } from '../engine/helpers.js';
import { CHEAP, failure, PASS, rowsDigest, tempDir, testDeps } from './helpers.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.log('deterministic keyrings: openssl is not installed; key material is checked with node:crypto only');

const t = tempDir();
afterAll(() => t.cleanup());
const deps = () => testDeps({ KMS_PASSPHRASE: PASS });
let n = 0;

async function newKeyring(seed: string | undefined): Promise<string> {
  const path = join(t.dir, `d${n++}.db`);
  await keyringInit(deps(), { path, kdfLogN: CHEAP, deterministic: seed });
  return path;
}

async function open(path: string): Promise<Keyring> {
  return openKeyring(deps(), { path, write: true });
}

/** An engine over the keyring in `region`, drawing from its stream (as the CLI and kms serve do). */
function envOf(ring: Keyring, region = 'us-east-1'): TestEnv {
  return makeEnv(region, 'unused', { store: ring as RecordStore, random: ring.deterministic!.random });
}

const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);
const PEER = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });

/**
 * A test suite's calls, in two halves, returning what a fixture would keep: ids, ARNs, ciphertexts,
 * signatures, public keys, data keys, grant tokens. Every output that draws randomness is here.
 */
const FIRST_HALF = async (env: TestEnv, out: Record<string, string>): Promise<void> => {
  const sym = await env.newKey({ Description: 'symmetric' });
  out.symmetric = String(sym.Arn);
  const ctx = { EncryptionContext: { purpose: 'test' } };
  const blob = (await env.run('Encrypt', { KeyId: sym.KeyId, Plaintext: text('fixture'), ...ctx })).CiphertextBlob;
  out.encrypt = hex(blob);
  expect(new TextDecoder().decode((await env.run('Decrypt', { CiphertextBlob: blob, ...ctx })).Plaintext as Uint8Array)).toBe('fixture');
  const dk = await env.run('GenerateDataKey', { KeyId: sym.KeyId, KeySpec: 'AES_256' });
  out.dataKey = hex(dk.Plaintext) + hex(dk.CiphertextBlob);
  out.dataKeyWithout = hex((await env.run('GenerateDataKeyWithoutPlaintext', { KeyId: sym.KeyId, NumberOfBytes: 16 })).CiphertextBlob);
  out.reEncrypt = hex((await env.run('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: ctx.EncryptionContext, DestinationKeyId: sym.KeyId })).CiphertextBlob);
  out.random = hex((await env.run('GenerateRandom', { NumberOfBytes: 64 })).Plaintext);
  await env.run('CreateAlias', { AliasName: 'alias/fixture', TargetKeyId: sym.KeyId });
  const grant = await env.run('CreateGrant', { KeyId: sym.KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:role/app', Operations: ['Decrypt'] });
  out.grant = `${String(grant.GrantId)} ${String(grant.GrantToken)}`;
  await env.run('RotateKeyOnDemand', { KeyId: sym.KeyId });
  out.afterRotation = hex((await env.run('Encrypt', { KeyId: 'alias/fixture', Plaintext: text('fixture') })).CiphertextBlob);
  const mrk = await env.newKey({ MultiRegion: true });
  out.multiRegion = String(mrk.KeyId);

  const hmac = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  out.mac = hex((await env.run('GenerateMac', { KeyId: hmac.KeyId, Message: text('m'), MacAlgorithm: 'HMAC_SHA_256' })).Mac);

  const rsaEnc = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  out.rsaPublic = hex((await env.run('GetPublicKey', { KeyId: rsaEnc.KeyId })).PublicKey);
  for (const alg of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']) {
    const c = (await env.run('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: text('oaep'), EncryptionAlgorithm: alg })).CiphertextBlob;
    out[alg] = hex(c);
    expect(new TextDecoder().decode((await env.run('Decrypt', { KeyId: rsaEnc.KeyId, CiphertextBlob: c, EncryptionAlgorithm: alg })).Plaintext as Uint8Array)).toBe('oaep');
  }
};

const SECOND_HALF = async (env: TestEnv, out: Record<string, string>): Promise<void> => {
  const rsaSign = await env.newKey({ KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' });
  const rsaPub = createPublicKey({ key: Buffer.from((await env.run('GetPublicKey', { KeyId: rsaSign.KeyId })).PublicKey as Uint8Array), format: 'der', type: 'spki' });
  for (const alg of ['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384']) {
    const sig = (await env.run('Sign', { KeyId: rsaSign.KeyId, Message: text('signed'), SigningAlgorithm: alg })).Signature as Uint8Array;
    out[alg] = hex(sig);
    // node:crypto checks the signature the stream's PSS salt made
    const padding = alg.includes('PSS') ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
    expect(nodeVerify(alg.endsWith('256') ? 'sha256' : 'sha384', text('signed'), { key: rsaPub, padding, saltLength: 32 }, sig)).toBe(true);
  }
  for (const [spec, hash] of [
    ['ECC_NIST_P256', 'sha256'],
    ['ECC_NIST_P384', 'sha384'],
    ['ECC_NIST_P521', 'sha512'],
    ['ECC_SECG_P256K1', 'sha256'],
  ] as const) {
    const k = await env.newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
    const pub = createPublicKey({ key: Buffer.from((await env.run('GetPublicKey', { KeyId: k.KeyId })).PublicKey as Uint8Array), format: 'der', type: 'spki' });
    const alg = `ECDSA_SHA_${hash.slice(3)}`;
    const sig = (await env.run('Sign', { KeyId: k.KeyId, Message: text('signed'), SigningAlgorithm: alg })).Signature as Uint8Array;
    out[spec] = `${hex(pub.export({ type: 'spki', format: 'der' }))} ${hex(sig)}`;
    expect(nodeVerify(hash, text('signed'), pub, sig)).toBe(true);
  }
  const agree = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
  out.sharedSecret = hex((await env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: PEER })).SharedSecret);
  const ed = await env.newKey({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
  const edPub = createPublicKey({ key: Buffer.from((await env.run('GetPublicKey', { KeyId: ed.KeyId })).PublicKey as Uint8Array), format: 'der', type: 'spki' });
  const edSig = (await env.run('Sign', { KeyId: ed.KeyId, Message: text('signed'), SigningAlgorithm: 'ED25519_SHA_512' })).Signature as Uint8Array;
  out.ed25519 = `${hex(edPub.export({ type: 'spki', format: 'der' }))} ${hex(edSig)}`;
  expect(nodeVerify(null, text('signed'), edPub, edSig)).toBe(true);
  const ml = await env.newKey({ KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' });
  const mlSig = (await env.run('Sign', { KeyId: ml.KeyId, Message: text('signed'), SigningAlgorithm: 'ML_DSA_SHAKE_256' })).Signature;
  out.mlDsa = `${hex((await env.run('GetPublicKey', { KeyId: ml.KeyId })).PublicKey)} ${hex(mlSig)}`;
  expect((await env.run('Verify', { KeyId: ml.KeyId, Message: text('signed'), Signature: mlSig, SigningAlgorithm: 'ML_DSA_SHAKE_256' })).SignatureValid).toBe(true);

  for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519']) {
    const pair = await env.run('GenerateDataKeyPair', { KeyId: 'alias/fixture', KeyPairSpec: spec });
    const priv = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext as Uint8Array), format: 'der', type: 'pkcs8' });
    // the public key is the private key's
    expect(hex(createPublicKey(priv).export({ type: 'spki', format: 'der' }))).toBe(hex(pair.PublicKey));
    out[`pair ${spec}`] = `${hex(pair.PrivateKeyPlaintext)} ${hex(pair.PrivateKeyCiphertextBlob)}`;
  }

  const ext = await env.newKey({ Origin: 'EXTERNAL' });
  const params = await env.run('GetParametersForImport', { KeyId: ext.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  // the ImportToken is sealed under the keyring's own master key: each keyring's differs
  out.importPublicKey = hex(params.PublicKey);

  // China regions: SM2 keys and their SM2PKE ciphertexts and signatures
  const cn = envOf(env.store as Keyring, 'cn-north-1');
  const sm2 = (await cn.run('CreateKey', { KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata as Record<string, unknown>;
  out.sm2 = `${String(sm2.Arn)} ${hex((await cn.run('Encrypt', { KeyId: sm2.KeyId, Plaintext: text('sm2'), EncryptionAlgorithm: 'SM2PKE' })).CiphertextBlob)}`;
  const sm2Sign = (await cn.run('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata as Record<string, unknown>;
  out.sm2Sign = hex((await cn.run('Sign', { KeyId: sm2Sign.KeyId, Message: text('signed'), SigningAlgorithm: 'SM2DSA' })).Signature);
};

async function wholeSuite(path: string): Promise<Record<string, string>> {
  const ring = await open(path);
  try {
    const out: Record<string, string> = {};
    const env = envOf(ring);
    await FIRST_HALF(env, out);
    await SECOND_HALF(env, out);
    return out;
  } finally {
    ring.close();
  }
}

describe('deterministic keyrings', () => {
  let reference: Record<string, string>;

  it('two fresh keyrings made from one seed give the same ids, keys and outputs for every key spec', async () => {
    reference = await wholeSuite(await newKeyring('suite-1'));
    const again = await wholeSuite(await newKeyring('suite-1'));
    expect(again).toEqual(reference);
    expect(Object.keys(reference).length).toBeGreaterThanOrEqual(29);
    // another seed: nothing in common
    const other = await wholeSuite(await newKeyring('suite-2'));
    for (const name of Object.keys(reference)) expect(other[name], name).not.toBe(reference[name]);
  }, 120_000);

  it('an ordinary keyring is not deterministic: no stream, and keyring info says false', async () => {
    const path = await newKeyring(undefined);
    const ring = await open(path);
    try {
      expect(ring.deterministic).toBeUndefined();
      expect((await keyringInfo(deps(), { path })).deterministic).toBe(false);
    } finally {
      ring.close();
    }
  });

  it('a reopened keyring goes on where it stopped; calls that fail or only read move nothing on', async () => {
    const path = await newKeyring('suite-1');
    const out: Record<string, string> = {};
    let ring = await open(path);
    try {
      const env = envOf(ring);
      await FIRST_HALF(env, out);
      // reads and failures between the halves: no key id, ciphertext or signature after them changes
      await env.run('ListKeys', {});
      await env.run('DescribeKey', { KeyId: 'alias/fixture' });
      await expect(env.run('CreateKey', { KeySpec: 'RSA_2048' })).rejects.toMatchObject({ code: 'ValidationException' });
      await expect(env.run('Encrypt', { KeyId: 'alias/none', Plaintext: text('x') })).rejects.toMatchObject({ code: 'NotFoundException' });
      await expect(env.run('CreateAlias', { AliasName: 'alias/fixture', TargetKeyId: out.symmetric })).rejects.toMatchObject({ code: 'AlreadyExistsException' });
    } finally {
      ring.close();
    }
    ring = await open(path);
    try {
      await SECOND_HALF(envOf(ring), out);
    } finally {
      ring.close();
    }
    expect(out).toEqual(reference);
  }, 120_000);

  it('the stream is AES-256-CTR under HKDF-SHA256 of the seed: the first key id is its first block, as a UUID v4', async () => {
    const path = await newKeyring('suite-1');
    const ring = await open(path);
    try {
      const env = envOf(ring);
      const id = String((await env.newKey({ Origin: 'EXTERNAL' })).KeyId); // draws nothing but the id
      const b = keystream(deterministicKey('suite-1'), 0, 16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      expect(id.replaceAll('-', '')).toBe(hex(b));
      expect(await ring.read((r) => r.get(DETERMINISTIC_RECORD))).toMatchObject({ position: 1 });
    } finally {
      ring.close();
    }
  });

  it('two connections drawing at once never draw the same blocks: every key id distinct, every block counted', async () => {
    const path = await newKeyring('suite-1');
    const [a, b] = [await open(path), await open(path)];
    try {
      const make = (ring: Keyring) => Array.from({ length: 15 }, () => envOf(ring).newKey({ Origin: 'EXTERNAL' }));
      const keys = await Promise.all([...make(a), ...make(b)]);
      expect(new Set(keys.map((k) => k.KeyId)).size).toBe(30);
      expect(await a.read((r) => r.get(DETERMINISTIC_RECORD))).toMatchObject({ position: 30 });
    } finally {
      a.close();
      b.close();
    }
  });

  it('material the stream makes is sound: openssl checks the RSA and EC private keys of data key pairs', async () => {
    if (!hasOpenssl) return;
    const ring = await open(await newKeyring('material'));
    try {
      const env = envOf(ring);
      const key = await env.newKey();
      for (const spec of ['RSA_2048', 'RSA_4096', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1']) {
        const pair = await env.run('GenerateDataKeyPair', { KeyId: key.KeyId, KeyPairSpec: spec });
        const file = join(t.dir, `${spec}.der`);
        writeFileSync(file, pair.PrivateKeyPlaintext as Uint8Array);
        const check = spawnSync('openssl', ['pkey', '-inform', 'DER', '-in', file, '-check', '-noout'], { encoding: 'utf8' });
        expect(check.status, `${spec}: ${check.stderr}`).toBe(0);
        expect(check.stdout + check.stderr).toMatch(/valid/);
        const bits = spawnSync('openssl', ['pkey', '-inform', 'DER', '-in', file, '-text', '-noout'], { encoding: 'utf8' }).stdout;
        if (spec.startsWith('RSA_')) expect(bits).toContain(`Private-Key: (${spec.slice(4)} bit, 2 primes)`);
      }
    } finally {
      ring.close();
    }
  }, 60_000);

  it('keyring info says so without the passphrase; the seed itself is nowhere in the file', async () => {
    const path = await newKeyring('a seed nobody should find');
    expect(await keyringInfo({ env: {} }, { path })).toMatchObject({ deterministic: true });
    const { readFileSync } = await import('node:fs');
    const raw = readFileSync(path);
    expect(raw.includes(Buffer.from('a seed nobody should find'))).toBe(false);
    expect(raw.includes(Buffer.from(deterministicKey('a seed nobody should find')))).toBe(false);
  });

  it('refused: a team keyring, an empty seed, a copy of a deterministic keyring to a database; nothing is made', async () => {
    const url = 'postgresql://kms@127.0.0.1:1/kms';
    const team = await failure(keyringInit(deps(), { path: url, kdfLogN: CHEAP, deterministic: 'x' }));
    expect(team).toBeInstanceOf(LocalError);
    expect(team.message).toMatch(/is deterministic \(kms keyring init --deterministic\): a team keyring in PostgreSQL cannot be one/);
    const path = join(t.dir, 'empty-seed.db');
    const empty = await failure(keyringInit(deps(), { path, kdfLogN: CHEAP, deterministic: '' }));
    expect(empty.message).toBe('--deterministic needs a seed: a non-empty string');
    expect(await failure(keyringInfo(deps(), { path }))).toBeInstanceOf(LocalError); // no keyring was made
    const det = await newKeyring('suite-1');
    const before = rowsDigest(det);
    // refused before any connection is tried (port 1 would fail otherwise)
    const copy = await failure(keyringCopy(deps(), { from: det, to: url }));
    expect(copy.message).toMatch(/is deterministic .*cannot be one/);
    expect(rowsDigest(det)).toBe(before);
    // to a file it copies, and the copy goes on as deterministic
    const file = join(t.dir, 'copy.db');
    await keyringCopy(deps(), { from: det, to: file });
    expect((await keyringInfo(deps(), { path: file })).deterministic).toBe(true);
  });
});
