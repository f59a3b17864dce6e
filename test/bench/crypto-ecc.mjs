// Benchmark for the ECC families: ECDSA (P-256, P-384, secp256k1) and Ed25519 sign + verify,
// node:crypto vs @noble/curves, ops/s (median of rounds). Run: node test/bench/crypto-ecc.mjs
// Optional: after `npx tsc -p .`, also times dist/crypto/ecc.js as kms calls it (key parse per call).

import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { p256, p384 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519, ed25519ph } from '@noble/curves/ed25519.js';

const ROUNDS = 7;
const message = new TextEncoder().encode('x'.repeat(256));

/** ops/s of fn, median over ROUNDS rounds of `n` calls each (after one warm-up round). */
function opsPerSecond(n, fn) {
  const rates = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r > 0) rates.push(n / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64url'));
const rows = [];
function row(name, node, noble) {
  rows.push({ primitive: name, 'node:crypto ops/s': Math.round(node), 'noble ops/s': Math.round(noble), 'noble ÷ node time': (node / noble).toFixed(1) + '×' });
}

const ecdsaCurves = [
  ['P-256', 'sha256', p256, 300],
  ['P-384', 'sha384', p384, 150],
  ['secp256k1', 'sha256', secp256k1, 200],
];

for (const [name, hash, curve, n] of ecdsaCurves) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: name });
  const jwk = privateKey.export({ format: 'jwk' });
  const scalar = b64(jwk.d);
  const point = Buffer.concat([Uint8Array.of(4), b64(jwk.x), b64(jwk.y)]);
  const digest = createHash(hash).update(message).digest();
  const nodeSig = sign(hash, message, privateKey);
  const nobleSig = curve.sign(digest, scalar, { prehash: false, lowS: false, format: 'der' });
  row(`ECDSA ${name} sign`,
    opsPerSecond(n, () => sign(hash, message, privateKey)),
    opsPerSecond(n, () => curve.sign(createHash(hash).update(message).digest(), scalar, { prehash: false, lowS: false, format: 'der' })));
  row(`ECDSA ${name} verify`,
    opsPerSecond(n, () => verify(hash, message, publicKey, nodeSig)),
    opsPerSecond(Math.ceil(n / 3), () => curve.verify(nobleSig, createHash(hash).update(message).digest(), point, { prehash: false, lowS: false, format: 'der' })));
}

{
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = b64(jwk.d);
  const pub = b64(jwk.x);
  const sig = sign(null, message, privateKey);
  row('Ed25519 sign', opsPerSecond(500, () => sign(null, message, privateKey)), opsPerSecond(200, () => ed25519.sign(message, seed)));
  row('Ed25519 verify', opsPerSecond(500, () => verify(null, message, publicKey, sig)), opsPerSecond(100, () => ed25519.verify(sig, message, pub, { zip215: false })));
  const d = createHash('sha512').update(message).digest();
  const phSig = ed25519ph.sign(d, seed);
  rows.push({ primitive: 'Ed25519ph sign / verify (noble only; OpenSSL 3.0 has none)', 'node:crypto ops/s': '-', 'noble ops/s': `${Math.round(opsPerSecond(200, () => ed25519ph.sign(d, seed)))} / ${Math.round(opsPerSecond(100, () => ed25519ph.verify(phSig, d, pub, { zip215: false })))}`, 'noble ÷ node time': '-' });
}

console.table(rows);

// kms's own entry points (parse PKCS#8/SPKI per call, as the engine calls them)
const dist = new URL('../../dist/crypto/ecc.js', import.meta.url);
if (existsSync(dist)) {
  const { specs } = await import(dist.href);
  const random = (len) => new Uint8Array(len).map(() => (Math.random() * 256) | 0);
  const own = [];
  for (const spec of specs) {
    await spec.ready?.();
    const material = spec.generateMaterial(random);
    const spki = spec.publicKey(material);
    const alg = spec.signingAlgorithms[0];
    const hash = { ECDSA_SHA_256: 'sha256', ECDSA_SHA_384: 'sha384', ECDSA_SHA_512: 'sha512' }[alg];
    const digest = new Uint8Array(createHash(hash).update(message).digest());
    const sig = spec.signer.sign(material, alg, message, 'RAW', random);
    own.push({
      spec: spec.spec,
      'sign RAW': Math.round(opsPerSecond(100, () => spec.signer.sign(material, alg, message, 'RAW', random))),
      'verify RAW': Math.round(opsPerSecond(100, () => spec.signer.verify(spki, alg, message, 'RAW', sig))),
      'sign DIGEST': Math.round(opsPerSecond(50, () => spec.signer.sign(material, alg, digest, 'DIGEST', random))),
      'verify DIGEST': Math.round(opsPerSecond(20, () => spec.signer.verify(spki, alg, digest, 'DIGEST', sig))),
      'ECDH': spec.agreement ? Math.round(opsPerSecond(100, () => spec.agreement.deriveSharedSecret(material, 'ECDH', spki))) : '-',
      'keygen': Math.round(opsPerSecond(50, () => spec.generateMaterial(random))),
    });
  }
  console.log('kms dist/crypto/ecc.js, ops/s:');
  console.table(own);
} else {
  console.log('(build with `npx tsc -p .` to also time dist/crypto/ecc.js)');
}
