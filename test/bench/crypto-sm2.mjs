#!/usr/bin/env node
// SM2 and SM4 primitives: kms's noble-based SM2 (dist/crypto/sm2.js, run `npx tsc -p .` first) against
// what OpenSSL does natively (`openssl speed sm2`, Node's ECDH on curve SM2, SM4-CTR vs AES-256-GCM).
import { createCipheriv, createECDH, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dist = (p) => pathToFileURL(resolve(ROOT, 'dist', p)).href;
const ITER = Number(process.env.BENCH_ITER ?? 300);
const BATCHES = 5;
const random = (n) => new Uint8Array(randomBytes(n));

/** ops/s, the median of BATCHES batches of ITER calls. */
function opsPerSec(fn) {
  for (let i = 0; i < 20; i++) fn(); // warm-up
  const rates = [];
  for (let b = 0; b < BATCHES; b++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < ITER; i++) fn();
    rates.push(ITER / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  return median(rates);
}

const t0 = performance.now();
await import('@noble/curves/abstract/weierstrass.js');
const loadMs = performance.now() - t0;
const { specs } = await import(dist('crypto/sm2.js'));
const curve = await import(dist('crypto/sm2-curve.js'));
const der = await import(dist('crypto/sm2-der.js'));
const info = specs[0];
await info.ready();
const { sealSm4Blob, openSm4Blob, parseSm4Blob } = await import(dist('crypto/sm4.js'));
const { sealBlob, openBlob, parseBlob } = await import(dist('crypto/symmetric.js'));

const priv = info.generateMaterial(random);
const pub = info.publicKey(priv);
const peer = info.generateMaterial(random);
const peerPub = info.publicKey(peer);
const msg = random(256);
const sig = info.signer.sign(priv, 'SM2DSA', msg, 'RAW', random);
const ct = info.cipher.encrypt(pub, 'SM2PKE', random(32), random);

const rows = [];
const row = (what, lib, ops) => rows.push([what, lib, ops.toFixed(0)]);
row('SM2DSA sign (RAW, 256 B)', 'kms: noble point math + node sm3', opsPerSec(() => info.signer.sign(priv, 'SM2DSA', msg, 'RAW', random)));
row('SM2DSA verify (RAW, 256 B)', 'kms: noble point math + node sm3', opsPerSec(() => info.signer.verify(pub, 'SM2DSA', msg, 'RAW', sig)));
row('SM2PKE encrypt (32 B)', 'kms: noble + node sm3', opsPerSec(() => info.cipher.encrypt(pub, 'SM2PKE', msg.subarray(0, 32), random)));
row('SM2PKE decrypt (32 B)', 'kms: noble + node sm3', opsPerSec(() => info.cipher.decrypt(priv, 'SM2PKE', ct)));
row('ECDH on SM2 (peer validated by noble)', 'kms: node:crypto createECDH', opsPerSec(() => info.agreement.deriveSharedSecret(priv, 'ECDH', peerPub)));
const ecdh = createECDH('SM2');
ecdh.generateKeys();
const other = createECDH('SM2');
other.generateKeys();
const otherPub = other.getPublicKey();
row('ECDH on SM2, scalar mult only', 'node:crypto createECDH (OpenSSL)', opsPerSec(() => ecdh.computeSecret(otherPub)));
const dInt = BigInt('0x' + Buffer.from(der.decodePkcs8(priv).d).toString('hex'));
const peerPoint = curve.decodePoint(der.decodeSpki(peerPub));
row('ECDH on SM2, scalar mult only', 'noble multiply (constant-time)', opsPerSec(() => peerPoint.multiply(dInt)));
row('key pair generation', 'kms: noble', opsPerSec(() => info.generateMaterial(random)));

const sm4Key = random(16);
const aesKey = random(32);
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const materialId = random(16);
const pt = random(4096);
const blob4 = sealSm4Blob({ keyId, materialId, material: sm4Key, plaintext: pt, context: { a: 'b' }, random });
const blob1 = sealBlob({ keyId, materialId, material: aesKey, plaintext: pt, context: { a: 'b' }, random });
row('blob seal 4 KiB', 'kms: SM4-CTR + HMAC-SM3 (v2)', opsPerSec(() => sealSm4Blob({ keyId, materialId, material: sm4Key, plaintext: pt, context: { a: 'b' }, random })));
row('blob open 4 KiB', 'kms: SM4-CTR + HMAC-SM3 (v2)', opsPerSec(() => openSm4Blob(parseSm4Blob(blob4), sm4Key, { a: 'b' })));
row('blob seal 4 KiB', 'kms: AES-256-GCM (v1)', opsPerSec(() => sealBlob({ keyId, materialId, material: aesKey, plaintext: pt, context: { a: 'b' }, random })));
row('blob open 4 KiB', 'kms: AES-256-GCM (v1)', opsPerSec(() => openBlob(parseBlob(blob1), aesKey, { a: 'b' })));
row('SM4-CTR 4 KiB alone', 'node:crypto', opsPerSec(() => createCipheriv('sm4-ctr', sm4Key, materialId).update(pt)));

const speed = spawnSync('openssl', ['speed', '-seconds', '2', 'sm2'], { encoding: 'utf8' });
const m = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(speed.stdout ?? '');
if (m) {
  row('SM2DSA sign', 'openssl speed sm2 (C, not callable from Node 20)', Number(m[1]));
  row('SM2DSA verify', 'openssl speed sm2 (C, not callable from Node 20)', Number(m[2]));
} else console.error('openssl speed sm2 unavailable; skipped');

console.log(`import of @noble/curves/abstract/weierstrass.js: ${loadMs.toFixed(1)} ms (paid in ready(), SM2 keys only)`);
console.log(`| operation | implementation | ops/s (median of ${BATCHES}×${ITER}) |\n| --- | --- | --- |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
