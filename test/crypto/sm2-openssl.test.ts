// SM2 interop with the openssl 3 CLI: keys parse, SM2DSA signatures and SM2PKE ciphertexts cross both
// ways, ECDH matches `openssl pkeyutl -derive`. Skips with a printed reason when openssl is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specs } from '../../src/crypto/sm2.js';
import * as c from '../../src/crypto/sm2-curve.js';
import * as der from '../../src/crypto/sm2-der.js';

const info = specs[0]!;
const random = (n: number) => new Uint8Array(randomBytes(n));
const hasOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasOpenssl) console.warn('skipping SM2 openssl interop: the openssl CLI is not installed');

const DISTID = 'distid:1234567812345678';

function pem(label: string, body: Uint8Array): string {
  const b64 = Buffer.from(body).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(b);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** Runs openssl; returns whether it exited 0 (stderr kept quiet). */
function ossl(args: string[]): boolean {
  return spawnSync('openssl', args, { stdio: 'ignore' }).status === 0;
}

describe.skipIf(!hasOpenssl)('SM2 with openssl 3', () => {
  let dir: string;
  let priv: Uint8Array;
  let pub: Uint8Array;
  const f = (name: string) => join(dir, name);
  const msg = new TextEncoder().encode('abc, signed by kms and by openssl');

  beforeAll(async () => {
    await info.ready!();
    dir = mkdtempSync(join(tmpdir(), 'kms-sm2-'));
    priv = info.generateMaterial(random);
    pub = info.publicKey!(priv);
    writeFileSync(f('key.pem'), pem('PRIVATE KEY', priv));
    writeFileSync(f('pub.pem'), pem('PUBLIC KEY', pub));
    writeFileSync(f('msg'), msg);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('our PKCS#8 parses with `openssl pkey` as an SM2 key and gives our SPKI', () => {
    const text = execFileSync('openssl', ['pkey', '-in', f('key.pem'), '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/ASN1 OID: SM2/);
    const spki = execFileSync('openssl', ['pkey', '-in', f('key.pem'), '-pubout', '-outform', 'DER']);
    expect(new Uint8Array(spki)).toEqual(pub);
    expect(ossl(['pkey', '-in', f('key.pem'), '-check', '-noout'])).toBe(true);
  });

  it('an openssl-generated key is read by ours (same public key)', () => {
    // PEM output is PKCS#8 (DER output would be SEC1's ECPrivateKey)
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', f('ossl.pem')]);
    const spki = execFileSync('openssl', ['pkey', '-in', f('ossl.pem'), '-pubout', '-outform', 'DER']);
    const body = readFileSync(f('ossl.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    expect(info.publicKey!(new Uint8Array(Buffer.from(body, 'base64')))).toEqual(new Uint8Array(spki));
  });

  it('our SM2DSA signature (RAW and DIGEST) verifies with openssl; a flipped bit fails', () => {
    const verify = (sig: Uint8Array) => {
      writeFileSync(f('sig'), sig);
      return ossl(['pkeyutl', '-verify', '-in', f('msg'), '-rawin', '-digest', 'sm3', '-pubin', '-inkey', f('pub.pem'), '-pkeyopt', DISTID, '-sigfile', f('sig')]);
    };
    const sig = info.signer!.sign(priv, 'SM2DSA', msg, 'RAW', random);
    expect(verify(sig)).toBe(true);
    expect(verify(flipBit(sig, 8 * 10 + 3))).toBe(false);
    const e = c.messageDigest(c.decodePoint(der.decodeSpki(pub)), msg);
    expect(verify(info.signer!.sign(priv, 'SM2DSA', e, 'DIGEST', random))).toBe(true);
  });

  it('an openssl SM2DSA signature verifies with ours; a flipped bit fails', () => {
    execFileSync('openssl', ['pkeyutl', '-sign', '-in', f('msg'), '-rawin', '-digest', 'sm3', '-inkey', f('key.pem'), '-pkeyopt', DISTID, '-out', f('osig')]);
    const sig = new Uint8Array(readFileSync(f('osig')));
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', sig)).toBe(true);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', flipBit(sig, 8 * 40))).toBe(false);
    expect(info.signer!.verify(pub, 'SM2DSA', flipBit(msg, 0), 'RAW', sig)).toBe(false);
  });

  it('openssl SM2 encryption decrypts with ours, and ours decrypts with openssl', () => {
    const pt = random(100);
    writeFileSync(f('pt'), pt);
    execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-inkey', f('pub.pem'), '-in', f('pt'), '-out', f('oct')]);
    expect(info.cipher!.decrypt(priv, 'SM2PKE', new Uint8Array(readFileSync(f('oct'))))).toEqual(pt);

    const big = random(1024);
    writeFileSync(f('ct'), info.cipher!.encrypt(pub, 'SM2PKE', big, random));
    const out = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', f('key.pem'), '-in', f('ct')]);
    expect(new Uint8Array(out)).toEqual(big);
  });

  it('ECDH equals `openssl pkeyutl -derive` (both keys on SM2 with an explicit generator)', () => {
    // OpenSSL 3.0 refuses ECDH for keys typed SM2; with explicit parameters whose generator is 2G the
    // group is the same curve but not recognised as SM2, so openssl treats the keys as plain EC.
    const peer = info.generateMaterial(random);
    const ours = info.agreement!.deriveSharedSecret(priv, 'ECDH', info.publicKey!(peer));
    const d = der.decodePkcs8(priv).d;
    const G2 = c.publicPoint(2n);
    const params = explicitParams(G2.toBytes(false));
    const dInt = BigInt('0x' + Buffer.from(d).toString('hex'));
    const sec1 = der.tlv(
      der.TAG.seq,
      der.derUint(1n),
      der.tlv(der.TAG.octets, d),
      der.tlv(der.TAG.ctx0, params),
      der.tlv(der.TAG.ctx1, der.tlv(der.TAG.bits, Uint8Array.of(0), c.publicPoint((2n * dInt) % c.SM2_CURVE.n).toBytes(false))),
    );
    const peerPoint = der.decodeSpki(info.publicKey!(peer));
    const peerSpki = der.tlv(
      der.TAG.seq,
      der.tlv(der.TAG.seq, der.tlv(der.TAG.oid, Uint8Array.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01])), params),
      der.tlv(der.TAG.bits, Uint8Array.of(0), peerPoint),
    );
    writeFileSync(f('ecx.pem'), pem('EC PRIVATE KEY', sec1));
    writeFileSync(f('peerx.pem'), pem('PUBLIC KEY', peerSpki));
    const secret = execFileSync('openssl', ['pkeyutl', '-derive', '-inkey', f('ecx.pem'), '-peerkey', f('peerx.pem')]);
    expect(new Uint8Array(secret)).toEqual(ours);
  });
});

/** X9.62 ECParameters for the SM2 curve with the given generator (prime field, cofactor 1). */
function explicitParams(generator: Uint8Array): Uint8Array {
  const k = c.SM2_CURVE;
  const primeField = Uint8Array.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01]);
  return der.tlv(
    der.TAG.seq,
    der.derUint(1n),
    der.tlv(der.TAG.seq, der.tlv(der.TAG.oid, primeField), der.derUint(k.p)),
    der.tlv(der.TAG.seq, der.tlv(der.TAG.octets, der.toBytes32(k.a)), der.tlv(der.TAG.octets, der.toBytes32(k.b))),
    der.tlv(der.TAG.octets, generator),
    der.derUint(k.n),
    der.derUint(1n),
  );
}
