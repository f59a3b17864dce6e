// OpenSSL interop for src/crypto/ecc.ts and ed25519.ts: our signatures verify with the openssl
// CLI (a flipped bit fails), ECDH matches `pkeyutl -derive`, our PKCS#8 parses and matches the SPKI.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURVES, specs as eccSpecs } from '../../src/crypto/ecc.js';
import { specs as edSpecs } from '../../src/crypto/ed25519.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('skipping ECC openssl interop: the openssl CLI is not installed');

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const info = (spec: string) => [...eccSpecs, ...edSpecs].find((s) => s.spec === spec)!;
let dir = '';

function file(name: string, data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** Runs openssl; true when it exits 0 (verification succeeded). */
function openssl(...args: string[]): boolean {
  return spawnSync('openssl', args, { stdio: 'pipe' }).status === 0;
}

function flip(sig: Uint8Array): Uint8Array {
  const bad = Uint8Array.from(sig);
  bad[bad.length - 3]! ^= 0x10;
  return bad;
}

describe.skipIf(!hasOpenssl)('openssl interop', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-ecc-'));
    for (const s of [...eccSpecs, ...edSpecs]) await s.ready?.();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(CURVES)('$spec', (curve) => {
    const spec = info(curve.spec);
    const message = random(300);

    it('RAW signatures verify with `openssl dgst`; a flipped bit fails', () => {
      const material = spec.generateMaterial(random);
      const pub = file(`${curve.spec}.pub.der`, spec.publicKey!(material));
      const msg = file(`${curve.spec}.msg`, message);
      const sig = spec.signer!.sign(material, curve.algorithm, message, 'RAW', random);
      const verify = (s: Uint8Array) => openssl('dgst', `-${curve.hash}`, '-verify', pub, '-keyform', 'DER', '-signature', file('sig', s), msg);
      expect(verify(sig)).toBe(true);
      expect(verify(flip(sig))).toBe(false);
    });

    it('DIGEST signatures verify with `openssl pkeyutl -verify`; a flipped bit fails', () => {
      const material = spec.generateMaterial(random);
      const pub = file(`${curve.spec}.pub.der`, spec.publicKey!(material));
      const digest = new Uint8Array(createHash(curve.hash).update(message).digest());
      const dig = file(`${curve.spec}.dig`, digest);
      const sig = spec.signer!.sign(material, curve.algorithm, digest, 'DIGEST', random);
      const verify = (s: Uint8Array) => openssl('pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', pub, '-in', dig, '-sigfile', file('sig', s));
      expect(verify(sig)).toBe(true);
      expect(verify(flip(sig))).toBe(false);
      // and the same signature verifies over the message with `openssl dgst`
      expect(openssl('dgst', `-${curve.hash}`, '-verify', pub, '-keyform', 'DER', '-signature', file('sig', sig), file('m', message))).toBe(true);
    });

    it('signatures OpenSSL makes with our private key verify, RAW and DIGEST', () => {
      const material = spec.generateMaterial(random);
      const spki = spec.publicKey!(material);
      const key = file(`${curve.spec}.key.der`, material);
      const raw = execFileSync('openssl', ['dgst', `-${curve.hash}`, '-sign', key, '-keyform', 'DER', file('m', message)]);
      const digest = new Uint8Array(createHash(curve.hash).update(message).digest());
      const dig = execFileSync('openssl', ['pkeyutl', '-sign', '-keyform', 'DER', '-inkey', key, '-in', file('d', digest)]);
      for (const sig of [raw, dig]) {
        expect(spec.signer!.verify(spki, curve.algorithm, message, 'RAW', new Uint8Array(sig))).toBe(true);
        expect(spec.signer!.verify(spki, curve.algorithm, digest, 'DIGEST', new Uint8Array(sig))).toBe(true);
      }
    });

    it('our PKCS#8 parses with `openssl pkey` and its public key is our SPKI', () => {
      const material = spec.generateMaterial(random);
      const out = execFileSync('openssl', ['pkey', '-inform', 'DER', '-in', file('k.der', material), '-pubout', '-outform', 'DER']);
      expect(Buffer.from(out).equals(Buffer.from(spec.publicKey!(material)))).toBe(true);
    });

    // secp256k1 has no KEY_AGREEMENT in AWS: the case exists only for the NIST curves.
    if (curve.agreement) it('ECDH equals `openssl pkeyutl -derive` with the peer private key', () => {
      const material = spec.generateMaterial(random);
      const peer = join(dir, `${curve.spec}.peer.pem`);
      const name = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' }[curve.nodeCurve];
      execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${name}`, '-out', peer]);
      const peerPub = execFileSync('openssl', ['pkey', '-in', peer, '-pubout', '-outform', 'DER']);
      const ours = spec.agreement!.deriveSharedSecret(material, 'ECDH', new Uint8Array(peerPub));
      const out = join(dir, 'secret');
      execFileSync('openssl', ['pkeyutl', '-derive', '-inkey', peer, '-peerkey', file('ours.der', spec.publicKey!(material)), '-peerform', 'DER', '-out', out]);
      expect(Buffer.from(ours).toString('hex')).toBe(readFileSync(out).toString('hex'));
    });
  });

  describe('ECC_NIST_EDWARDS25519', () => {
    const spec = info('ECC_NIST_EDWARDS25519');

    it('ED25519_SHA_512 signatures verify with `openssl pkeyutl -verify -rawin`; a flipped bit fails', () => {
      const material = spec.generateMaterial(random);
      const pub = file('ed.pub.der', spec.publicKey!(material));
      const message = random(1000);
      const msg = file('ed.msg', message);
      const sig = spec.signer!.sign(material, 'ED25519_SHA_512', message, 'RAW', random);
      const verify = (s: Uint8Array) => openssl('pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', pub, '-rawin', '-in', msg, '-sigfile', file('sig', s));
      expect(verify(sig)).toBe(true);
      expect(verify(flip(sig))).toBe(false);
      const theirs = execFileSync('openssl', ['pkeyutl', '-sign', '-keyform', 'DER', '-inkey', file('ed.key.der', material), '-rawin', '-in', msg]);
      expect(spec.signer!.verify(spec.publicKey!(material), 'ED25519_SHA_512', message, 'RAW', new Uint8Array(theirs))).toBe(true);
    });

    it('our PKCS#8 parses with `openssl pkey` and its public key is our SPKI', () => {
      const material = spec.generateMaterial(random);
      const out = execFileSync('openssl', ['pkey', '-inform', 'DER', '-in', file('ed.der', material), '-pubout', '-outform', 'DER']);
      expect(Buffer.from(out).equals(Buffer.from(spec.publicKey!(material)))).toBe(true);
    });
  });
});
