// Where a stream's data key comes from: GenerateDataKey or Decrypt through the engine over the
// keyring or a running `kms serve` (opened on first use), or a public key that wraps it locally.

import { createPublicKey } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { RecordStore } from '../../engine/context.js';
import { EXIT, LocalError, usageError } from '../../errors.js';
import type { DebugLog } from '../debug.js';
import { KMS } from '../../services/index.js';
import { localContext } from '../local-engine.js';
import { readSettings, resolveEndpoint, resolveRegion } from '../settings.js';
import type { StreamInvocation } from './command.js';
import { STREAM_FAILURE_EXIT } from './failure.js';

type Call = (operation: string, request: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The key source of one command. */
export interface Kms {
  call: Call;
  close(): void;
  /** The region to use when no --region (or env/setting) is given: the header key ARN's. */
  preferRegion(region: string): void;
  /** True once a call went to a deterministic keyring (`kms keyring init --deterministic`). */
  readonly deterministic: boolean;
}

const DATA_KEY_BYTES = 32; // AES-256 data key, as GenerateDataKey KeySpec AES_256 gives

export interface Wrapped {
  keyId: string;
  algorithm: string;
  encryptedDataKey: Uint8Array;
  dataKey: Uint8Array;
}

/** A symmetric key makes the data key (GenerateDataKey); an RSA or SM2 key lends its public key. */
export async function dataKeyFromKms(keyId: string, context: Record<string, string>, deps: Deps, kms: Kms): Promise<Wrapped> {
  const meta = (await kms.call('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
  const spec = String(meta.KeySpec);
  if (meta.KeyUsage === 'ENCRYPT_DECRYPT' && spec === 'SYMMETRIC_DEFAULT') {
    const req: Record<string, unknown> = { KeyId: keyId, KeySpec: 'AES_256' };
    if (Object.keys(context).length) req.EncryptionContext = context;
    const res = await kms.call('GenerateDataKey', req);
    return { keyId: String(res.KeyId), algorithm: 'SYMMETRIC_DEFAULT', encryptedDataKey: res.CiphertextBlob as Uint8Array, dataKey: res.Plaintext as Uint8Array };
  }
  if (meta.KeyUsage === 'ENCRYPT_DECRYPT' && (spec.startsWith('RSA_') || spec === 'SM2')) {
    const res = await kms.call('GetPublicKey', { KeyId: String(meta.Arn) });
    return wrapLocally(res.PublicKey as Uint8Array, String(meta.Arn), deps);
  }
  throw new LocalError(`key ${String(meta.Arn)} (${spec}, ${String(meta.KeyUsage)}) cannot encrypt a stream`, STREAM_FAILURE_EXIT, [
    'use a SYMMETRIC_DEFAULT key, or an RSA or SM2 key with KeyUsage ENCRYPT_DECRYPT',
  ]);
}

/** --public-key fileb://pub.der (or a PEM file): no keyring, no kms call at all. */
export async function wrapWithPublicKey(raw: string, keyId: string, deps: Deps): Promise<Wrapped> {
  const { loadParamfile, ResourceLoadingError } = await import('../params/index.js');
  let loaded: string | Uint8Array | undefined;
  try {
    loaded = await loadParamfile(raw, { cwd: deps.cwd, env: deps.env, homedir: deps.homedir, readStdin: async () => new Uint8Array() });
  } catch (err) {
    if (err instanceof ResourceLoadingError) throw new LocalError(err.message, EXIT.usage, ['give the public key as fileb://path (DER, as get-public-key returns it) or file://path (PEM)']);
    throw err;
  }
  if (loaded === undefined) throw usageError('--public-key needs a file: fileb://path (DER) or file://path (PEM)', 'save it with: kms get-public-key --key-id KEY --query PublicKey --output text | base64 -d > pub.der');
  let der: Uint8Array;
  try {
    der = typeof loaded === 'string' ? new Uint8Array(createPublicKey(loaded).export({ format: 'der', type: 'spki' })) : loaded;
  } catch {
    throw usageError('--public-key is not a PEM public key', 'use the DER file get-public-key gives: fileb://pub.der');
  }
  return wrapLocally(der, keyId, deps);
}

async function wrapLocally(spki: Uint8Array, keyId: string, deps: Deps): Promise<Wrapped> {
  const dataKey = deps.random(DATA_KEY_BYTES);
  const { publicKeyCipher } = await import('../../crypto/families.js');
  const cipher = await publicKeyCipher(spki);
  if (cipher === undefined) {
    throw usageError('the public key is neither an RSA key (2048, 3072 or 4096 bits) nor an SM2 key', 'encrypting to a public key works with RSA and SM2 keys of KeyUsage ENCRYPT_DECRYPT');
  }
  // RSAES_OAEP_SHA_256 (OAEP with SHA-256 and MGF1-SHA-256) or SM2PKE, as kms Decrypt takes them
  return { keyId, algorithm: cipher.algorithm, encryptedDataKey: cipher.encrypt(dataKey, deps.random), dataKey };
}

/** decrypt-stream --key-id: both names resolve (DescribeKey) to the same key ARN, else refuse. */
export async function requireKey(kms: Kms, want: string, have: string): Promise<void> {
  const arn = async (id: string) => String(((await kms.call('DescribeKey', { KeyId: id })).KeyMetadata as Record<string, unknown>).Arn);
  const [wantArn, haveArn] = [await arn(want), await arn(have)];
  if (wantArn !== haveArn) {
    throw new LocalError(`the stream was encrypted under ${haveArn}, not ${wantArn}`, STREAM_FAILURE_EXIT, ['leave out --key-id to decrypt with whichever key the header names']);
  }
}

/** The key source, opened on first use: the engine over the keyring, or `kms serve` (--endpoint-url). */
export function lazyKms(inv: StreamInvocation, deps: Deps, setOperation: (name: string) => void, debug: DebugLog): Kms {
  let opened: Promise<{ call: Call; close(): void }> | undefined;
  let store: (RecordStore & { close?(): void }) | undefined;
  let preferred: string | undefined;
  let deterministic = false;
  const connect = async () => {
    const settings = readSettings(deps.env, deps.homedir);
    // decrypt-stream: a key ARN in the header names its region; --region, env or a setting wins
    const explicit = inv.globals.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? settings.region;
    const region = explicit === undefined && preferred !== undefined ? preferred : resolveRegion(inv.globals.region, deps.env, settings);
    const endpoint = resolveEndpoint(inv.globals.endpointUrl, deps.env);
    if (endpoint !== undefined) {
      const remote = await import('../remote.js');
      const target = remote.remoteTarget(endpoint, region, inv.globals, deps);
      return { call: ((op, req) => remote.callRemote(KMS.model, KMS.model.operations[op]!, req, target)) as Call, close: () => undefined };
    }
    const ctx = await localContext(deps, settings, inv.globals, region, 'read', debug);
    store = ctx.store;
    deterministic = ctx.random.seeded === true;
    const [{ runOperation }, service] = await Promise.all([import('../../engine/index.js'), KMS.load()]);
    return { call: ((op, req) => runOperation(ctx, service, op, req)) as Call, close: () => undefined };
  };
  return {
    async call(op, req) {
      setOperation(op);
      debug(`stream ${op} members [${Object.keys(req).join(', ')}]`);
      opened ??= connect();
      const res = await (await opened).call(op, req);
      return res;
    },
    preferRegion(region) {
      preferred = region;
    },
    get deterministic() {
      return deterministic;
    },
    close() {
      store?.close?.();
      store = undefined;
      opened = undefined;
    },
  };
}
