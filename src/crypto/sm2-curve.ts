// SM2 arithmetic (GB/T 32918): the curve in @noble/curves, SM2DSA, SM2PKE and ECDH, SM3 from node:crypto.
// Bytes in, bytes out (keys as scalars/points); must not import the engine, KmsError or the DER layer.

import { createECDH, createHash } from 'node:crypto';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import type { RandomBytes } from './registry.js';

/** GB/T 32918.5 §5 recommended curve parameters (checked against `openssl ecparam -name SM2`). */
export const SM2_CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
} as const;

/** GM/T 0009 §10: the default distinguishing ID, which AWS KMS uses for SM2DSA. */
export const DEFAULT_DIST_ID = new TextEncoder().encode('1234567812345678');

type Point = WeierstrassPoint<bigint>;
let PointCons: WeierstrassPointCons<bigint> | undefined;
let loading: Promise<void> | undefined;

/** Loads noble's Weierstrass code (≈12 ms of import) once; every function below needs it. */
export function loadSm2(): Promise<void> {
  loading ??= import('@noble/curves/abstract/weierstrass.js').then((m) => {
    PointCons = m.weierstrass<bigint>(SM2_CURVE);
  });
  return loading;
}

function curve(): WeierstrassPointCons<bigint> {
  if (!PointCons) throw new TypeError('sm2: ready() must be awaited before SM2 operations');
  return PointCons;
}

const n = SM2_CURVE.n;
const mod = (a: bigint, m: bigint = n): bigint => ((a % m) + m) % m;

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function bytesToInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

function int32(x: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));
}

/** A uniform scalar in [1, n-1]: 48 random bytes reduced (bias below 2^-128, FIPS 186-5 A.2.1). */
export function randomScalar(random: RandomBytes): bigint {
  return mod(bytesToInt(random(48)), n - 1n) + 1n;
}

/** Decodes a SEC1 point (compressed or not); throws when it is not on the curve or is infinity. */
export function decodePoint(sec1: Uint8Array): Point {
  const p = curve().fromBytes(sec1);
  p.assertValidity();
  return p;
}

export function publicPoint(d: bigint): Point {
  if (d < 1n || d >= n) throw new RangeError('sm2: private scalar out of range');
  return curve().BASE.multiply(d);
}

export function privateScalar(d: Uint8Array): bigint {
  const x = bytesToInt(d);
  // GB/T 32918.1 §6.1: d in [1, n-2] (d = n-1 makes (1+d) non-invertible)
  if (x < 1n || x > n - 2n) throw new RangeError('sm2: private scalar out of range');
  return x;
}

/** A fresh key pair: d in [1, n-2] and its uncompressed public point. */
export function generateKeyPair(random: RandomBytes): { d: Uint8Array; point: Uint8Array } {
  let d = randomScalar(random);
  while (d > n - 2n) d = randomScalar(random);
  return { d: int32(d), point: publicPoint(d).toBytes(false) };
}

/** GB/T 32918.2 §5.5: Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
export function zValue(pub: Point, id: Uint8Array = DEFAULT_DIST_ID): Uint8Array {
  const entl = id.length * 8;
  const c = SM2_CURVE;
  return sm3(Uint8Array.of(entl >> 8, entl & 0xff), id, int32(c.a), int32(c.b), int32(c.Gx), int32(c.Gy), int32(pub.x), int32(pub.y));
}

/** GB/T 32918.2 §6.1 A1–A2: e = SM3(Z ‖ M). */
export function messageDigest(pub: Point, message: Uint8Array): Uint8Array {
  return sm3(zValue(pub), message);
}

/** GB/T 32918.2 §6.1 A3–A7 over a digest e (32 bytes); returns (r, s). */
export function signDigest(d: bigint, e: Uint8Array, random: RandomBytes): { r: bigint; s: bigint } {
  const ei = bytesToInt(e);
  const inv = curve().Fn.inv(mod(1n + d));
  for (;;) {
    const k = randomScalar(random);
    const x1 = curve().BASE.multiply(k).x;
    const r = mod(ei + x1);
    if (r === 0n || r + k === n) continue; // A5
    const s = mod(inv * (k - r * d));
    if (s !== 0n) return { r, s }; // A6
  }
}

/** GB/T 32918.2 §7.1 B1–B7. */
export function verifyDigest(pub: Point, e: Uint8Array, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= n || s < 1n || s >= n) return false; // B1, B2
  const t = mod(r + s);
  if (t === 0n) return false; // B5
  const sum = curve().BASE.mulAddUnsafe(s, pub, t); // B6: [s]G + [t]P (public scalars)
  if (sum.is0()) return false;
  return mod(bytesToInt(e) + sum.x) === r; // B7
}

/** GB/T 32918.4 §5.4.3: KDF(Z, klen) = SM3(Z ‖ ct) for ct = 1, 2, … (32-bit big-endian). */
export function kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let ct = 1, at = 0; at < length; ct++, at += 32) {
    const block = sm3(z, Uint8Array.of(ct >>> 24, (ct >>> 16) & 0xff, (ct >>> 8) & 0xff, ct & 0xff));
    out.set(block.subarray(0, Math.min(32, length - at)), at);
  }
  return out;
}

/** GB/T 32918.4 §6.1 A1–A8: C1 = kG (x1, y1), C2 = M ⊕ KDF(x2 ‖ y2), C3 = SM3(x2 ‖ M ‖ y2). */
export function encrypt(pub: Point, message: Uint8Array, random: RandomBytes): { x1: bigint; y1: bigint; c3: Uint8Array; c2: Uint8Array } {
  for (;;) {
    const k = randomScalar(random);
    const c1 = curve().BASE.multiply(k);
    const shared = pub.multiply(k);
    const x2 = int32(shared.x);
    const y2 = int32(shared.y);
    const t = kdf(Buffer.concat([x2, y2]), message.length);
    if (message.length > 0 && t.every((b) => b === 0)) continue; // A5: t all zero, pick another k
    const c2 = message.map((b, i) => b ^ t[i]!);
    return { x1: c1.x, y1: c1.y, c3: sm3(x2, message, y2), c2 };
  }
}

/** GB/T 32918.4 §7.1 B1–B7; undefined when C1 is off the curve, t is zero or C3 does not match. */
export function decrypt(d: bigint, x1: bigint, y1: bigint, c3: Uint8Array, c2: Uint8Array): Uint8Array | undefined {
  let c1: Point;
  try {
    c1 = curve().fromAffine({ x: x1, y: y1 });
    c1.assertValidity(); // B1
  } catch {
    return undefined;
  }
  const shared = c1.multiply(d);
  const x2 = int32(shared.x);
  const y2 = int32(shared.y);
  const t = kdf(Buffer.concat([x2, y2]), c2.length);
  if (c2.length > 0 && t.every((b) => b === 0)) return undefined; // B4
  const m = c2.map((b, i) => b ^ t[i]!);
  const u = sm3(x2, m, y2);
  // B6: compare C3 without an early exit
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= u[i]! ^ c3[i]!;
  return diff === 0 ? m : undefined;
}

/**
 * ECDH on the SM2 curve (SEC 1 §3.3.1, cofactor 1): the x coordinate of d·Q, 32 bytes. OpenSSL does
 * the multiplication (node's ECDH on curve 'SM2' takes raw scalars, so no SM2 KeyObject is needed):
 * 3× faster than noble here, and constant-time C. `peer` was validated by decodePoint.
 */
export function sharedSecret(d: bigint, peer: Point): Uint8Array {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(int32(d)));
  return new Uint8Array(ecdh.computeSecret(Buffer.from(peer.toBytes(false))));
}

export { int32 as scalarBytes };
