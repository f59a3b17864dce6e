// A small strict DER reader/writer and the SM2 encodings built on it: PKCS#8 and SPKI keys (as
// OpenSSL 3 writes them), SM2DSA signatures and SM2PKE ciphertexts. Must not import noble or the engine.

/** DER tags used here (X.690 §8). */
export const TAG = { int: 0x02, bits: 0x03, octets: 0x04, oid: 0x06, seq: 0x30, ctx0: 0xa0, ctx1: 0xa1 } as const;

/** id-ecPublicKey 1.2.840.10045.2.1 and the curve sm2 1.2.156.10197.1.301 (GB/T 33560), DER contents. */
const OID_EC_PUBLIC_KEY = Uint8Array.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);
const OID_SM2 = Uint8Array.from([0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d]);

export class DerError extends Error {}

/** One TLV: `value` is the contents, `end` the offset just past it. */
export interface Tlv {
  tag: number;
  value: Uint8Array;
  end: number;
}

/** Reads one TLV at `at`; rejects BER forms (indefinite or non-minimal lengths), as DER requires. */
export function readTlv(buf: Uint8Array, at: number, expectTag?: number): Tlv {
  if (at + 2 > buf.length) throw new DerError('truncated');
  const tag = buf[at]!;
  if (expectTag !== undefined && tag !== expectTag) throw new DerError(`expected tag ${expectTag}`);
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // X.690 §10.1: definite, minimal length; nothing here is longer than 2^24
    if (n === 0 || n > 3 || start + n > buf.length || buf[start] === 0) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    if (len < 0x80) throw new DerError('non-minimal length');
    start += n;
  }
  if (start + len > buf.length) throw new DerError('truncated');
  return { tag, value: buf.subarray(start, start + len), end: start + len };
}

/** Reads the children of a constructed value; the whole of `contents` must be consumed. */
export function readAll(contents: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < contents.length; ) {
    const t = readTlv(contents, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

/** Reads exactly one TLV that spans all of `buf`. */
export function readOnly(buf: Uint8Array, tag: number): Uint8Array {
  const t = readTlv(buf, 0, tag);
  if (t.end !== buf.length) throw new DerError('trailing bytes');
  return t.value;
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const head =
    n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : n < 0x10000 ? [tag, 0x82, n >> 8, n & 0xff] : [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array(Buffer.concat([Uint8Array.from(head), body]));
}

/** A non-negative INTEGER in minimal two's-complement form (X.690 §8.3.2). */
export function derUint(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.int, bytes);
}

/** Parses a non-negative, minimally encoded INTEGER's contents. */
export function parseUint(contents: Uint8Array): bigint {
  if (contents.length === 0 || contents[0]! & 0x80) throw new DerError('negative or empty integer');
  if (contents.length > 1 && contents[0] === 0 && !(contents[1]! & 0x80)) throw new DerError('non-minimal integer');
  return BigInt('0x' + Buffer.from(contents).toString('hex'));
}

export function toBytes32(n: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function algorithmId(): Uint8Array {
  return tlv(TAG.seq, tlv(TAG.oid, OID_EC_PUBLIC_KEY), tlv(TAG.oid, OID_SM2));
}

function checkAlgorithmId(contents: Uint8Array): void {
  const [alg, curve, ...rest] = readAll(contents);
  if (!alg || !curve || rest.length || alg.tag !== TAG.oid || curve.tag !== TAG.oid) throw new DerError('bad algorithm');
  if (!sameBytes(alg.value, OID_EC_PUBLIC_KEY) || !sameBytes(curve.value, OID_SM2)) throw new DerError('not an SM2 key');
}

/** RFC 5480 §2: SubjectPublicKeyInfo { {id-ecPublicKey, sm2}, BIT STRING point }. */
export function encodeSpki(point: Uint8Array): Uint8Array {
  return tlv(TAG.seq, algorithmId(), tlv(TAG.bits, Uint8Array.of(0), point));
}

/** The SEC1 point of an SM2 SPKI; anything else (another curve, extra bytes) throws DerError. */
export function decodeSpki(spki: Uint8Array): Uint8Array {
  const [alg, bits, ...rest] = readAll(readOnly(spki, TAG.seq));
  if (!alg || !bits || rest.length || alg.tag !== TAG.seq || bits.tag !== TAG.bits) throw new DerError('bad SPKI');
  checkAlgorithmId(alg.value);
  if (bits.value[0] !== 0) throw new DerError('unused bits in key'); // RFC 5480 §2.2
  return bits.value.subarray(1);
}

/**
 * RFC 5208 PrivateKeyInfo wrapping RFC 5915 ECPrivateKey { 1, d (32 bytes), [1] public point },
 * the curve named once in the AlgorithmIdentifier, exactly as `openssl genpkey -algorithm SM2`.
 */
export function encodePkcs8(d: Uint8Array, point: Uint8Array): Uint8Array {
  const ecPrivateKey = tlv(TAG.seq, derUint(1n), tlv(TAG.octets, d), tlv(TAG.ctx1, tlv(TAG.bits, Uint8Array.of(0), point)));
  return tlv(TAG.seq, derUint(0n), algorithmId(), tlv(TAG.octets, ecPrivateKey));
}

/** The private scalar (32 bytes) and the public point when present, of an SM2 PKCS#8 key. */
export function decodePkcs8(pkcs8: Uint8Array): { d: Uint8Array; point?: Uint8Array } {
  const [version, alg, key, ...attrs] = readAll(readOnly(pkcs8, TAG.seq));
  if (!version || !alg || !key || version.tag !== TAG.int || alg.tag !== TAG.seq || key.tag !== TAG.octets) {
    throw new DerError('bad PKCS#8');
  }
  // RFC 5958: version 0 (v1) or 1 (v2, optional public key and attributes after the key)
  if (parseUint(version.value) > 1n || attrs.some((a) => a.tag !== TAG.ctx0 && a.tag !== 0x81)) throw new DerError('bad PKCS#8');
  checkAlgorithmId(alg.value);
  const [v, d, ...opt] = readAll(readOnly(key.value, TAG.seq));
  if (!v || !d || v.tag !== TAG.int || parseUint(v.value) !== 1n || d.tag !== TAG.octets || d.value.length !== 32) {
    throw new DerError('bad ECPrivateKey');
  }
  let point: Uint8Array | undefined;
  for (const o of opt) {
    if (o.tag === TAG.ctx0) {
      const curve = readOnly(o.value, TAG.oid); // RFC 5915 §3: parameters, if present, must name the same curve
      if (!sameBytes(curve, OID_SM2)) throw new DerError('curve mismatch');
    } else if (o.tag === TAG.ctx1) {
      const bits = readOnly(o.value, TAG.bits);
      if (bits[0] !== 0) throw new DerError('unused bits in key');
      point = bits.subarray(1);
    } else throw new DerError('bad ECPrivateKey');
  }
  return point ? { d: d.value, point } : { d: d.value };
}

/** GB/T 32918.2 signature (r, s) as OpenSSL writes it: SEQUENCE { INTEGER r, INTEGER s }. */
export function encodeSignature(r: bigint, s: bigint): Uint8Array {
  return tlv(TAG.seq, derUint(r), derUint(s));
}

export function decodeSignature(sig: Uint8Array): { r: bigint; s: bigint } {
  const [r, s, ...rest] = readAll(readOnly(sig, TAG.seq));
  if (!r || !s || rest.length || r.tag !== TAG.int || s.tag !== TAG.int) throw new DerError('bad signature');
  return { r: parseUint(r.value), s: parseUint(s.value) };
}

/** GM/T 0009 §7.2 SM2 ciphertext, as OpenSSL 3 writes it: SEQUENCE { x1, y1, OCTET C3, OCTET C2 }. */
export function encodeCiphertext(x1: bigint, y1: bigint, c3: Uint8Array, c2: Uint8Array): Uint8Array {
  return tlv(TAG.seq, derUint(x1), derUint(y1), tlv(TAG.octets, c3), tlv(TAG.octets, c2));
}

export function decodeCiphertext(ct: Uint8Array): { x1: bigint; y1: bigint; c3: Uint8Array; c2: Uint8Array } {
  const [x, y, c3, c2, ...rest] = readAll(readOnly(ct, TAG.seq));
  if (!x || !y || !c3 || !c2 || rest.length) throw new DerError('bad ciphertext');
  if (x.tag !== TAG.int || y.tag !== TAG.int || c3.tag !== TAG.octets || c2.tag !== TAG.octets) throw new DerError('bad ciphertext');
  if (c3.value.length !== 32) throw new DerError('bad C3'); // SM3 output
  return { x1: parseUint(x.value), y1: parseUint(y.value), c3: c3.value, c2: c2.value };
}
