// `kms keyring seed FILE` and `kms serve --seed FILE`: local-kms's seed file (Keys.Symmetric.Aes,
// Keys.Asymmetric.Rsa / Ecc, Aliases), and kms's own entries in the same style (Keys.Hmac), made
// through KMS's own operations, all in one transaction: a file that is wrong anywhere changes
// nothing. A key or alias that exists is left as it is, so seeding at every start is safe.
// README "Keys you can count on in tests" says what each entry becomes and why.

import { constants, createCipheriv, createPrivateKey, createPublicKey, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RecordStore, RecordTx, RunContext } from '../../engine/context.js';
import { runOperation } from '../../engine/index.js';
import { readySpec } from '../../crypto/families.js';
import { encodePrivateKey, mlDsaParams, SEED_BYTES } from '../../crypto/ml-dsa.js';
import { sm2Cipher } from '../../crypto/sm2.js';
import { configError, KmsError } from '../../errors.js';
import { KEY_ID, type KeyRecord } from './keys/key-record.js';
import { keyRecordName } from './records.js';
import { rotationOf } from './rotation/rotation.js';
import { CUSTOM_ID_TAG, CUSTOM_MATERIAL_TAG } from './keys/custom-tags.js';
import { EC_CURVES, HMAC_KEY_BYTES, RSA_BITS } from './import/material-forms.js';
import { service } from './index.js';

/** What a seed did: the keys and aliases it made, and those it found there already. */
export interface SeedReport {
  created: string[];
  existing: string[];
}

/** A seed entry's problem: where it is (`Keys.Symmetric.Aes[1].BackingKeys[0]`) and what is wrong. */
class SeedProblem extends Error {}

type Entry = Record<string, unknown>;

const isObject = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);

function listAt(doc: Entry, path: string[]): Entry[] {
  let v: unknown = doc;
  for (const p of path) v = isObject(v) ? v[p] : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SeedProblem(`${path.join('.')} must be a list`);
  return v.map((e, i) => {
    if (!isObject(e)) throw new SeedProblem(`${path.join('.')}[${i}] must be a mapping`);
    return e;
  });
}

function stringAt(e: Entry, field: string, at: string, required = false): string | undefined {
  const v = e[field];
  if (v === undefined || v === null) {
    if (required) throw new SeedProblem(`${at}.${field} is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw new SeedProblem(`${at}.${field} must be text`);
  return v;
}

/** A key's Metadata: its id (required) and the fields a seed may set. */
function metadataOf(e: Entry, at: string): { KeyId: string; Description?: string; Origin?: string; KeyUsage?: string } {
  const m = e.Metadata;
  if (!isObject(m)) throw new SeedProblem(`${at}.Metadata is missing`);
  const KeyId = stringAt(m, 'KeyId', `${at}.Metadata`, true)!;
  if (!KEY_ID.test(KeyId)) throw new SeedProblem(`${at}.Metadata.KeyId '${KeyId}' is not a key id (a lowercase UUID)`);
  const Origin = stringAt(m, 'Origin', `${at}.Metadata`);
  if (Origin !== undefined && Origin !== 'AWS_KMS' && Origin !== 'EXTERNAL') throw new SeedProblem(`${at}.Metadata.Origin must be AWS_KMS or EXTERNAL, not '${Origin}'`);
  return { KeyId, Description: stringAt(m, 'Description', `${at}.Metadata`), Origin, KeyUsage: stringAt(m, 'KeyUsage', `${at}.Metadata`) };
}

/** Hex key material: `bytes` long (or within [min, max]). */
function hexAt(v: unknown, at: string, min: number, max = min): Uint8Array {
  if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})+$/.test(v)) throw new SeedProblem(`${at} must be hex digits`);
  const bytes = new Uint8Array(Buffer.from(v, 'hex'));
  if (bytes.length < min || bytes.length > max) {
    throw new SeedProblem(`${at} must hold ${min === max ? `${min * 8} bits` : `${min * 8} to ${max * 8} bits`} (${min === max ? min * 2 : `${min * 2} to ${max * 2}`} hex digits), not ${bytes.length * 8}`);
  }
  return bytes;
}

/** A private key from PEM (PKCS#8, or the traditional EC or RSA form) as PKCS#8 DER. */
function pemAt(v: unknown, at: string): Uint8Array {
  if (typeof v !== 'string') throw new SeedProblem(`${at} must be a PEM private key`);
  try {
    return new Uint8Array(createPrivateKey({ key: v, format: 'pem' }).export({ type: 'pkcs8', format: 'der' }));
  } catch {
    throw new SeedProblem(`${at} is not a PEM private key (PKCS#8, or the traditional EC or RSA form) without a passphrase`);
  }
}

/** The KeySpec of a PKCS#8 private key, as local-kms infers it (size or curve from the key). */
function specOfPrivateKey(pkcs8: Uint8Array, at: string): string {
  const k = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const d = k.asymmetricKeyDetails ?? {};
  // the key specs ImportKeyMaterial takes, by modulus size or curve (import/material-forms.ts)
  const spec =
    k.asymmetricKeyType === 'rsa'
      ? Object.keys(RSA_BITS).find((s) => RSA_BITS[s] === d.modulusLength)
      : k.asymmetricKeyType === 'ec'
        ? Object.keys(EC_CURVES).find((s) => EC_CURVES[s] === d.namedCurve)
        : undefined;
  if (spec !== undefined) return spec;
  throw new SeedProblem(`${at} is a key kms has no key spec for (RSA 2048, 3072 or 4096 bits; EC on P-256, P-384, P-521 or secp256k1)`);
}

/** A secp256k1 private key from its 32-byte scalar in hex (local-kms's PrivateKeyHex), as PKCS#8 DER. */
function secp256k1FromHex(v: unknown, at: string): Uint8Array {
  const d = hexAt(v, at, 32);
  // SEC1 ECPrivateKey { version 1, privateKey d, [0] secp256k1 }: OpenSSL derives the public key
  const sec1 = Buffer.concat([Buffer.from('302e0201010420', 'hex'), Buffer.from(d), Buffer.from('a00706052b8104000a', 'hex')]);
  try {
    return new Uint8Array(createPrivateKey({ key: sec1, format: 'der', type: 'sec1' }).export({ type: 'pkcs8', format: 'der' }));
  } catch {
    throw new SeedProblem(`${at} is not a secp256k1 private key`);
  }
}

/** The store of one transaction, as the engine's operations take a store: they all run in it. */
function within(tx: RecordTx): RecordStore {
  return { transaction: (fn) => fn(tx), read: (fn) => fn(tx) };
}

/**
 * Applies the seed `text` (YAML or JSON) named `source` in one transaction of `run.store`: every
 * key and alias it names that is not there yet is made, the others are left alone. Throws one
 * error (exit 253) naming the entry and field of the first problem; nothing is changed then.
 */
export async function applySeed(run: RunContext, text: string, source: string): Promise<SeedReport> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw configError(`the seed file ${source} is not YAML or JSON: ${(err as Error).message.split('\n')[0]}`, 'local-kms\'s seed format: README, "Keys you can count on in tests"');
  }
  if (!isObject(doc)) throw configError(`the seed file ${source} holds no Keys or Aliases`, 'local-kms\'s seed format: a mapping with Keys and Aliases');
  const seed = doc;
  let at = '';
  try {
    return await run.store.transaction(async (tx) => {
      // seeding is the keyring's owner setting it up: no caller, no record on the audit trail
      const ctx: RunContext = { ...run, store: within(tx), trail: undefined, caller: undefined, authorization: { ...run.authorization, mode: 'off' } as RunContext['authorization'] };
      const call = (op: string, req: Entry) => runOperation(ctx, service, op, req);
      /** A key id, or an alias name, that DescribeKey finds. */
      const exists = async (keyId: string) => {
        try {
          await call('DescribeKey', { KeyId: keyId });
          return true;
        } catch (err) {
          if (err instanceof KmsError && err.code === 'NotFoundException') return false;
          throw err;
        }
      };
      const report: SeedReport = { created: [], existing: [] };
      /** Imports `material` into the EXTERNAL key `keyId` (the first import, or a new one to rotate to). */
      const importMaterial = async (keyId: string, material: Uint8Array, next: boolean) => {
        let params: Entry;
        let wrapped: Uint8Array;
        if (run.partition === 'aws-cn') {
          // China Regions wrap with SM2PKE, the only algorithm they offer
          params = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' });
          await readySpec('SM2', run.partition);
          wrapped = sm2Cipher.encrypt(params.PublicKey as Uint8Array, 'SM2PKE', material, run.random);
        } else {
          // RSA_AES_KEY_WRAP_SHA_256, as AWS has clients wrap material of any size: an AES key under
          // the wrapping key (RSA-OAEP), then the material under that key (AES key wrap with padding)
          params = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' });
          const aes = Buffer.from(run.random(32));
          const kwp = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
          const spki = createPublicKey({ key: Buffer.from(params.PublicKey as Uint8Array), format: 'der', type: 'spki' });
          wrapped = Buffer.concat([publicEncrypt({ key: spki, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aes), kwp.update(material), kwp.final()]);
          aes.fill(0);
        }
        await call('ImportKeyMaterial', {
          KeyId: keyId,
          ImportToken: params.ImportToken,
          EncryptedKeyMaterial: new Uint8Array(wrapped),
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          ...(next ? { ImportType: 'NEW_KEY_MATERIAL' } : {}),
        });
        if (next) await call('RotateKeyOnDemand', { KeyId: keyId });
      };
      /** One key: made from `materials` (oldest first; none: PendingImport), imported unless Origin AWS_KMS. */
      const makeKey = async (meta: ReturnType<typeof metadataOf>, create: Entry, materials: Uint8Array[], entry: string) => {
        if (await exists(meta.KeyId)) return void report.existing.push(meta.KeyId);
        const common = { ...create, ...(meta.Description !== undefined ? { Description: meta.Description } : {}) };
        if (meta.Origin === 'AWS_KMS') {
          if (materials.length !== 1) throw new SeedProblem(`${entry}: a key of Origin AWS_KMS (and one with NextKeyRotation) takes exactly one backing key; past backing keys are imported material (leave Origin and NextKeyRotation out)`);
          const material = Buffer.from(materials[0]!).toString('base64');
          // the material travels in a tag, whose value AWS's model caps at 256 characters
          if (material.length > 256) {
            throw new SeedProblem(`${entry}: an AWS_KMS key takes material of at most 192 bytes here, and this ${String(create.KeySpec)} key's is ${materials[0]!.length}; leave Origin out (it is then imported material)`);
          }
          await call('CreateKey', { ...common, Tags: [{ TagKey: CUSTOM_ID_TAG, TagValue: meta.KeyId }, { TagKey: CUSTOM_MATERIAL_TAG, TagValue: material }] });
        } else {
          await call('CreateKey', { ...common, Origin: 'EXTERNAL', Tags: [{ TagKey: CUSTOM_ID_TAG, TagValue: meta.KeyId }] });
          for (const [i, m] of materials.entries()) await importMaterial(meta.KeyId, m, i > 0);
        }
        report.created.push(meta.KeyId);
      };

      for (const [i, e] of listAt(seed, ['Keys', 'Symmetric', 'Aes']).entries()) {
        at = `Keys.Symmetric.Aes[${i}]`;
        const meta = metadataOf(e, at);
        const backing = e.BackingKeys === undefined ? [] : e.BackingKeys;
        if (!Array.isArray(backing)) throw new SeedProblem(`${at}.BackingKeys must be a list of hex keys`);
        const materials = backing.map((b, j) => hexAt(b, `${at}.BackingKeys[${j}]`, 32));
        if (materials.length === 0 && meta.Origin !== 'EXTERNAL') throw new SeedProblem(`${at}.BackingKeys is missing (a key without material needs Origin EXTERNAL: it is then PendingImport)`);
        if (e.NextKeyRotation === undefined) {
          await makeKey(meta, {}, materials, at);
          continue;
        }
        // automatic rotation: only keys whose material AWS made rotate by themselves, so the key is
        // an AWS_KMS key (one backing key), its rotation on and due at the given time (a time past
        // is due at once: the key rotates when it is next used, as in local-kms)
        const due = typeof e.NextKeyRotation === 'string' ? Date.parse(e.NextKeyRotation) : NaN;
        if (!Number.isFinite(due)) throw new SeedProblem(`${at}.NextKeyRotation must be an ISO 8601 date and time`);
        if (meta.Origin === 'EXTERNAL') throw new SeedProblem(`${at}.NextKeyRotation: AWS rotates only keys whose material it made; leave Origin out or set it to AWS_KMS`);
        const before = report.created.length;
        await makeKey({ ...meta, Origin: 'AWS_KMS' }, {}, materials, at);
        if (report.created.length === before) continue;
        await call('EnableKeyRotation', { KeyId: meta.KeyId });
        const name = keyRecordName(run.region, meta.KeyId);
        const key = (await tx.get<KeyRecord>(name))!;
        rotationOf(key).nextRotationDate = due;
        tx.put(name, key);
      }
      for (const kind of ['Rsa', 'Ecc'] as const) {
        for (const [i, e] of listAt(seed, ['Keys', 'Asymmetric', kind]).entries()) {
          at = `Keys.Asymmetric.${kind}[${i}]`;
          const meta = metadataOf(e, at);
          const pkcs8 = e.PrivateKeyHex !== undefined ? secp256k1FromHex(e.PrivateKeyHex, `${at}.PrivateKeyHex`) : pemAt(e.PrivateKeyPem, `${at}.PrivateKeyPem`);
          const spec = specOfPrivateKey(pkcs8, `${at}.PrivateKeyPem`);
          if ((kind === 'Rsa') !== spec.startsWith('RSA_')) throw new SeedProblem(`${at}: a ${spec} key belongs under Keys.Asymmetric.${kind === 'Rsa' ? 'Ecc' : 'Rsa'}`);
          await makeKey(meta, { KeySpec: spec, KeyUsage: meta.KeyUsage ?? 'SIGN_VERIFY' }, [pkcs8], at);
        }
      }
      // kms's own entries for the key specs local-kms lacks, which AWS imports no material for:
      // AWS_KMS keys with the given private key (Ed25519: PEM; ML-DSA: its 32-byte seed ξ in hex)
      for (const [i, e] of listAt(seed, ['Keys', 'Asymmetric', 'Ed25519']).entries()) {
        at = `Keys.Asymmetric.Ed25519[${i}]`;
        const meta = metadataOf(e, at);
        if (meta.Origin === 'EXTERNAL') throw new SeedProblem(`${at}.Metadata.Origin: AWS imports no Ed25519 material; leave Origin out`);
        const pkcs8 = pemAt(e.PrivateKeyPem, `${at}.PrivateKeyPem`);
        if (createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).asymmetricKeyType !== 'ed25519') throw new SeedProblem(`${at}.PrivateKeyPem is not an Ed25519 private key`);
        await makeKey({ ...meta, Origin: 'AWS_KMS' }, { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }, [pkcs8], at);
      }
      for (const [i, e] of listAt(seed, ['Keys', 'Asymmetric', 'MlDsa']).entries()) {
        at = `Keys.Asymmetric.MlDsa[${i}]`;
        const meta = metadataOf(e, at);
        if (meta.Origin === 'EXTERNAL') throw new SeedProblem(`${at}.Metadata.Origin: AWS imports no ML-DSA material; leave Origin out`);
        const spec = stringAt(e, 'KeySpec', at, true)!;
        const params = mlDsaParams(spec);
        if (!params) throw new SeedProblem(`${at}.KeySpec must be ML_DSA_44, ML_DSA_65 or ML_DSA_87`);
        await makeKey({ ...meta, Origin: 'AWS_KMS' }, { KeySpec: spec, KeyUsage: 'SIGN_VERIFY' }, [encodePrivateKey(params, hexAt(e.Seed, `${at}.Seed`, SEED_BYTES))], at);
      }
      // SM2 keys (China Regions): the PEM's DER as it is, read by the SM2 family (OpenSSL builds
      // differ in what they make of SM2 keys)
      for (const [i, e] of listAt(seed, ['Keys', 'Asymmetric', 'Sm2']).entries()) {
        at = `Keys.Asymmetric.Sm2[${i}]`;
        const meta = metadataOf(e, at);
        const pem = typeof e.PrivateKeyPem === 'string' ? /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(e.PrivateKeyPem) : null;
        if (!pem) throw new SeedProblem(`${at}.PrivateKeyPem must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)`);
        await makeKey(meta, { KeySpec: 'SM2', KeyUsage: meta.KeyUsage ?? 'SIGN_VERIFY' }, [new Uint8Array(Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64'))], at);
      }
      for (const [i, e] of listAt(seed, ['Keys', 'Hmac']).entries()) {
        at = `Keys.Hmac[${i}]`;
        const meta = metadataOf(e, at);
        const spec = stringAt(e, 'KeySpec', at, true)!;
        const range = Object.hasOwn(HMAC_KEY_BYTES, spec) ? HMAC_KEY_BYTES[spec] : undefined;
        if (!range) throw new SeedProblem(`${at}.KeySpec must be HMAC_224, HMAC_256, HMAC_384 or HMAC_512`);
        await makeKey(meta, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' }, [hexAt(e.KeyMaterial, `${at}.KeyMaterial`, ...range)], at);
      }
      for (const [i, e] of listAt(seed, ['Aliases']).entries()) {
        at = `Aliases[${i}]`;
        const AliasName = stringAt(e, 'AliasName', at, true)!;
        const TargetKeyId = stringAt(e, 'TargetKeyId', at, true)!;
        // an alias there already is left as it is, whatever key it points to
        if (await exists(AliasName)) {
          report.existing.push(AliasName);
          continue;
        }
        await call('CreateAlias', { AliasName, TargetKeyId });
        report.created.push(AliasName);
      }
      return report;
    });
  } catch (err) {
    if (err instanceof SeedProblem) throw configError(`the seed file ${source}: ${err.message}`, 'nothing was seeded: the file is applied whole or not at all');
    if (err instanceof KmsError) throw configError(`the seed file ${source}: ${at}: ${err.code}: ${err.message}`, 'nothing was seeded: the file is applied whole or not at all');
    throw err;
  }
}

/** `applySeed` on the file at `path` (the CLI's and kms serve's way in). */
export async function seedFromFile(run: RunContext, path: string): Promise<SeedReport> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw configError(`cannot read the seed file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path');
  }
  return applySeed(run, text, path);
}
