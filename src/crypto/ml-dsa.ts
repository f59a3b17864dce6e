// ML_DSA_44/65/87 (SIGN_VERIFY, ML_DSA_SHAKE_256): FIPS 204 pure ML-DSA, empty context, RFC 9881 DER, EXTERNAL_MU.
// Must not import the engine, the keyring or the CLI; @noble/post-quantum only by ready()'s dynamic import.

import { createHash } from 'node:crypto';
import { KmsError } from '../errors.js';
import type { KeySpecInfo, MessageType, RandomBytes, SigningFamily } from './registry.js';

type Noble = typeof import('@noble/post-quantum/ml-dsa.js');
type NobleDsa = Noble['ml_dsa44'];

/** The one signing algorithm of every ML-DSA key spec. */
export const ML_DSA_SHAKE_256 = 'ML_DSA_SHAKE_256';
/** FIPS 204 §3.6.1 / §7.2: seed ξ, μ and tr sizes. */
export const SEED_BYTES = 32;
export const MU_BYTES = 64;

export interface MlDsaParams {
  spec: string;
  /** RFC 9881 §2: id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17/18/19, DER content bytes. */
  oid: Uint8Array;
  nobleName: 'ml_dsa44' | 'ml_dsa65' | 'ml_dsa87';
  /** FIPS 204 Table 2: pk, sk and signature sizes. */
  publicKeyBytes: number;
  secretKeyBytes: number;
  signatureBytes: number;
}

const oid = (last: number): Uint8Array => new Uint8Array([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, last]);

const PARAMS: readonly MlDsaParams[] = [
  { spec: 'ML_DSA_44', oid: oid(0x11), nobleName: 'ml_dsa44', publicKeyBytes: 1312, secretKeyBytes: 2560, signatureBytes: 2420 },
  { spec: 'ML_DSA_65', oid: oid(0x12), nobleName: 'ml_dsa65', publicKeyBytes: 1952, secretKeyBytes: 4032, signatureBytes: 3309 },
  { spec: 'ML_DSA_87', oid: oid(0x13), nobleName: 'ml_dsa87', publicKeyBytes: 2592, secretKeyBytes: 4896, signatureBytes: 4627 },
];

// --- DER (X.690), only what RFC 9881's structures need ---

interface Tlv {
  tag: number;
  body: Uint8Array;
  /** Offset just past this TLV. */
  end: number;
}

/** Reads one DER TLV at `at`; lengths must be minimal (X.690 §10.1) and fit in the input. */
function readTlv(buf: Uint8Array, at: number, what: string): Tlv {
  const fail = (): never => {
    throw new TypeError(`${what}: malformed DER`);
  };
  if (at + 2 > buf.length) fail();
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let pos = at + 2;
  if (len === 0x81) {
    len = buf[pos++] ?? fail();
    if (len < 0x80) fail();
  } else if (len === 0x82) {
    len = ((buf[pos] ?? fail()) << 8) | (buf[pos + 1] ?? fail());
    pos += 2;
    if (len < 0x100) fail();
  } else if (len >= 0x80) fail();
  if (pos + len > buf.length) fail();
  return { tag, body: buf.subarray(pos, pos + len), end: pos + len };
}

/** Writes one DER TLV (contents under 65536 bytes). */
function derTlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array(Buffer.concat([new Uint8Array([tag, ...len]), body]));
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(b);

/** AlgorithmIdentifier with exactly `oid` and no parameters (RFC 9881 §2: parameters MUST be absent). */
function isAlgorithm(alg: Tlv, expected: Uint8Array, what: string): boolean {
  if (alg.tag !== 0x30) return false;
  const id = readTlv(alg.body, 0, what);
  return id.tag === 0x06 && id.end === alg.body.length && sameBytes(id.body, expected);
}

/** RFC 5958 OneAsymmetricKey: the privateKey OCTET STRING's contents, or an internal error. */
function parsePkcs8(der: Uint8Array, expected: Uint8Array, spec: string): Uint8Array {
  try {
    const top = readTlv(der, 0, spec);
    if (top.tag !== 0x30 || top.end !== der.length) throw new TypeError('not a SEQUENCE');
    const version = readTlv(top.body, 0, spec);
    // RFC 5958: version 0 (v1) or 1 (v2, with an optional [1] publicKey after the attributes)
    if (version.tag !== 0x02 || version.body.length !== 1 || version.body[0]! > 1) throw new TypeError('version');
    const alg = readTlv(top.body, version.end, spec);
    if (!isAlgorithm(alg, expected, spec)) throw new TypeError('algorithm');
    const key = readTlv(top.body, alg.end, spec);
    if (key.tag !== 0x04) throw new TypeError('privateKey');
    return key.body;
  } catch {
    throw new KmsError('KMSInternalException', `${spec}: the stored private key is not a valid ML-DSA key.`);
  }
}

/** RFC 5280 SubjectPublicKeyInfo with `expected` as algorithm: the BIT STRING's bytes, or undefined. */
function parseSpki(der: Uint8Array, expected: Uint8Array): Uint8Array | undefined {
  try {
    const top = readTlv(der, 0, 'SPKI');
    if (top.tag !== 0x30 || top.end !== der.length) return undefined;
    const alg = readTlv(top.body, 0, 'SPKI');
    if (!isAlgorithm(alg, expected, 'SPKI')) return undefined;
    const bits = readTlv(top.body, alg.end, 'SPKI');
    // BIT STRING with 0 unused bits, and nothing after it
    if (bits.tag !== 0x03 || bits.end !== top.body.length || bits.body.length < 1 || bits.body[0] !== 0) return undefined;
    return bits.body.subarray(1);
  } catch {
    return undefined;
  }
}

let noble: Noble | undefined;
let loading: Promise<void> | undefined;

/** Loads @noble/post-quantum's ML-DSA (20–30 ms) once; sign/verify/publicKey are synchronous after. */
export function ready(): Promise<void> {
  loading ??= import('@noble/post-quantum/ml-dsa.js').then(
    (m) => {
      noble = m;
    },
    (e: unknown) => {
      loading = undefined; // a later call may try again
      throw e;
    },
  );
  return loading;
}

function dsa(p: MlDsaParams): NobleDsa {
  if (!noble) throw new KmsError('KMSInternalException', `${p.spec}: the ML-DSA library was used before ready() loaded it.`);
  return noble[p.nobleName];
}

/** RFC 9881 §6: OneAsymmetricKey v0 whose privateKey is the seed form `[0] IMPLICIT OCTET STRING (32)`. */
export function encodePrivateKey(p: MlDsaParams, seed: Uint8Array): Uint8Array {
  if (seed.length !== SEED_BYTES) throw new TypeError(`${p.spec}: seed must be ${SEED_BYTES} bytes`);
  return derTlv(0x30, [derTlv(0x02, [new Uint8Array([0])]), derTlv(0x30, [derTlv(0x06, [p.oid])]), derTlv(0x04, [derTlv(0x80, [seed])])]);
}

/** RFC 9881 §4: SubjectPublicKeyInfo whose BIT STRING is the raw FIPS 204 public key. */
export function encodePublicKey(p: MlDsaParams, publicKey: Uint8Array): Uint8Array {
  return derTlv(0x30, [derTlv(0x30, [derTlv(0x06, [p.oid])]), derTlv(0x03, [new Uint8Array([0]), publicKey])]);
}

/**
 * The FIPS 204 secret key of PKCS#8 material. RFC 9881 §6 allows three private key forms: seed
 * ([0] IMPLICIT, what kms writes), expandedKey (OCTET STRING) and both (SEQUENCE); for `both` the
 * expanded key must match the seed (§8 consistency check).
 */
function secretKey(p: MlDsaParams, material: Uint8Array): { secretKey: Uint8Array; publicKey?: Uint8Array } {
  try {
    return decodeSecretKey(p, material);
  } catch (e) {
    if (e instanceof KmsError) throw e;
    throw badKey(p);
  }
}

function decodeSecretKey(p: MlDsaParams, material: Uint8Array): { secretKey: Uint8Array; publicKey?: Uint8Array } {
  const inner = parsePkcs8(material, p.oid, p.spec);
  const choice = readTlv(inner, 0, p.spec);
  if (choice.end !== inner.length) throw badKey(p);
  if (choice.tag === 0x80 && choice.body.length === SEED_BYTES) return dsa(p).keygen(choice.body);
  if (choice.tag === 0x04 && choice.body.length === p.secretKeyBytes) return { secretKey: choice.body };
  if (choice.tag === 0x30) {
    const seed = readTlv(choice.body, 0, p.spec);
    const expanded = readTlv(choice.body, seed.end, p.spec);
    if (seed.tag !== 0x04 || seed.body.length !== SEED_BYTES || expanded.tag !== 0x04 || expanded.end !== choice.body.length) throw badKey(p);
    const keys = dsa(p).keygen(seed.body);
    if (!Buffer.from(keys.secretKey).equals(expanded.body)) throw badKey(p);
    return keys;
  }
  throw badKey(p);
}

function badKey(p: MlDsaParams): KmsError {
  return new KmsError('KMSInternalException', `${p.spec}: the stored private key is not a valid ML-DSA key.`);
}

/**
 * FIPS 204 Algorithm 7 step 6: μ = SHAKE256(tr || M', 64) with tr = SHAKE256(pk, 64), and (Algorithm 2
 * step 10, pure ML-DSA with the empty context AWS uses) M' = 0x00 || 0x00 || M.
 * `publicKey` is the raw FIPS 204 key or its SPKI DER. What a client sends as EXTERNAL_MU.
 */
export function externalMu(publicKey: Uint8Array, message: Uint8Array): Uint8Array {
  const raw = PARAMS.some((p) => p.publicKeyBytes === publicKey.length) ? publicKey : rawPublicKey(publicKey);
  if (!raw) throw new TypeError('externalMu: not an ML-DSA public key');
  const tr = createHash('shake256', { outputLength: MU_BYTES }).update(raw).digest();
  return new Uint8Array(createHash('shake256', { outputLength: MU_BYTES }).update(tr).update(new Uint8Array([0, 0])).update(message).digest());
}

/** The raw public key of an ML-DSA SPKI (any of the three), or undefined. */
function rawPublicKey(spki: Uint8Array): Uint8Array | undefined {
  for (const p of PARAMS) {
    const pk = parseSpki(spki, p.oid);
    if (pk && pk.length === p.publicKeyBytes) return pk;
  }
  return undefined;
}

function checkAlgorithm(p: MlDsaParams, algorithm: string): void {
  // Sign/Verify: an ML-DSA key spec takes only ML_DSA_SHAKE_256
  if (algorithm !== ML_DSA_SHAKE_256) {
    throw new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${p.spec}.`);
  }
}

/** Sign/Verify MessageType: RAW or EXTERNAL_MU (64 bytes); AWS refuses DIGEST for ML-DSA keys. */
function checkMessage(p: MlDsaParams, message: Uint8Array, messageType: MessageType): void {
  if (messageType === 'DIGEST') {
    throw new KmsError('ValidationException', `Message type DIGEST is incompatible with key spec ${p.spec}.`);
  }
  // MessageType: "When the value of MessageType is EXTERNAL_MU the length of the Message value must be 64 bytes."
  if (messageType === 'EXTERNAL_MU' && message.length !== MU_BYTES) {
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${ML_DSA_SHAKE_256}.`);
  }
}

function signer(p: MlDsaParams): SigningFamily {
  return {
    sign(privateKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, random: RandomBytes): Uint8Array {
      checkAlgorithm(p, algorithm);
      checkMessage(p, message, messageType);
      const { secretKey: sk } = secretKey(p, privateKey);
      // FIPS 204 Algorithm 2: the hedged variant, rnd from the injected random source
      const extraEntropy = random(32);
      if (messageType === 'EXTERNAL_MU') return dsa(p).internal.sign(message, sk, { externalMu: true, extraEntropy });
      return dsa(p).sign(message, sk, { extraEntropy });
    },
    verify(publicKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, signature: Uint8Array): boolean {
      checkAlgorithm(p, algorithm);
      checkMessage(p, message, messageType);
      const pk = parseSpki(publicKey, p.oid);
      // FIPS 204 Algorithm 3 / 8: a key or signature of the wrong length does not verify
      if (!pk || pk.length !== p.publicKeyBytes || signature.length !== p.signatureBytes) return false;
      try {
        if (messageType === 'EXTERNAL_MU') return dsa(p).internal.verify(signature, message, pk, { externalMu: true });
        return dsa(p).verify(signature, message, pk);
      } catch (e) {
        if (e instanceof KmsError) throw e;
        return false;
      }
    },
  };
}

function entry(p: MlDsaParams): KeySpecInfo {
  return {
    spec: p.spec,
    // CreateKey: ML-DSA keys are SIGN_VERIFY only, and KeyUsage must be given
    usages: ['SIGN_VERIFY'],
    signingAlgorithms: [ML_DSA_SHAKE_256],
    // FIPS 204 Algorithm 1: the key pair is derived from a 32-byte seed ξ; kms stores the seed form
    generateMaterial: (random) => encodePrivateKey(p, random(SEED_BYTES)),
    publicKey: (material) => {
      const keys = secretKey(p, material);
      const pk = keys.publicKey ?? dsa(p).getPublicKey(keys.secretKey);
      return encodePublicKey(p, pk);
    },
    signer: signer(p),
    ready,
    // DataKeyPairSpec has no ML-DSA value: GenerateDataKeyPair does not offer ML-DSA pairs
    dataKeyPair: false,
  };
}

/** The registry entries for ML_DSA_44, ML_DSA_65 and ML_DSA_87. */
export const specs: readonly KeySpecInfo[] = PARAMS.map(entry);

/** Parameter sets by key spec (tests and benchmarks). */
export function mlDsaParams(spec: string): MlDsaParams | undefined {
  return PARAMS.find((p) => p.spec === spec);
}
