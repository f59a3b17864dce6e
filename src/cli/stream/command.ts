// encrypt-stream / decrypt-stream: flags → a data key (data-key.ts: the engine, `kms serve` or a
// public key file) → crypto/stream.ts between the input and output io.ts opens. Owns no format.

import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArn } from '../../api/arn.js';
import * as S from '../../crypto/stream.js';
import type { Deps } from '../../deps.js';
import { EXIT, LocalError, usageError } from '../../errors.js';
import { debugLog, type DebugLog } from '../debug.js';
import { ArgumentError } from '../errors.js';
import type { Invocation } from '../program.js';
import { dataKeyFromKms, lazyKms, requireKey, wrapWithPublicKey, type Kms } from './data-key.js';
import { contextFlag, frameSizeFlag } from './flags.js';
import { failure, STREAM_FAILURE_EXIT } from './failure.js';
import { openInput, openOutput, withOutput } from './io.js';
import { progressBar } from './progress.js';

export type StreamInvocation = Extract<Invocation, { kind: 'stream' }>;

export async function runStreamCommand(inv: StreamInvocation, deps: Deps, setOperation: (name: string) => void): Promise<number> {
  const debug = debugLog(inv.globals.debug, deps);
  const kms = lazyKms(inv, deps, setOperation, debug);
  try {
    return inv.action === 'encrypt' ? await encrypt(inv, deps, kms, debug) : await decrypt(inv, deps, kms, debug);
  } finally {
    kms.close();
  }
}

/**
 * The frame cipher: KMS_STREAM_NATIVE=0 takes node:crypto (to compare the paths, or as a way out),
 * `sync` / `async` one form of the native addon (native/frame_gcm.c); otherwise the fastest built.
 */
function cipherMode(deps: Deps, debug: DebugLog): S.FrameCipherMode {
  const v = deps.env.KMS_STREAM_NATIVE;
  const mode: S.FrameCipherMode = v === '0' ? 'js' : v === 'sync' || v === 'async' ? v : 'auto';
  const use = S.frameCipherMode(mode);
  debug(`stream cipher: ${use === 'js' ? `node:crypto${mode === 'js' ? ' (KMS_STREAM_NATIVE=0)' : ' (native/frame_gcm.c is not built)'}` : `native, ${use === 'async' ? 'on the thread pool' : 'on the main thread'}`}`);
  return mode;
}

// ---- encrypt-stream ----

async function encrypt(inv: StreamInvocation, deps: Deps, kms: Kms, debug: DebugLog): Promise<number> {
  const f = inv.flags;
  const keyId = f.keyId as string | undefined;
  if (keyId === undefined) throw new ArgumentError('the following arguments are required: --key-id');
  const frameSize = frameSizeFlag(f.frameSize);
  const context = await contextFlag(f.encryptionContext, deps);
  // never binary to a terminal (age does the same)
  if (f.out === undefined && deps.stdoutIsTTY && f.armor !== true) {
    throw usageError('refusing to write binary ciphertext to a terminal', 'add --armor for a text form, or --out FILE, or redirect stdout: > file.kms');
  }
  const input = await openInput(f.in as string | undefined, deps, debug, false);
  try {
    const wrapped = f.publicKey !== undefined ? await wrapWithPublicKey(f.publicKey as string, keyId, deps) : await dataKeyFromKms(keyId, context, deps, kms);
    kms.close(); // the keyring is not held open while the stream runs
    // a deterministic keyring's data key is its stream's; the message id and nonces follow from it
    const random = kms.deterministic && wrapped.algorithm === 'SYMMETRIC_DEFAULT' ? (await import('../../keyring/deterministic.js')).derivedStream(wrapped.dataKey, 'encrypt-stream') : deps.random;
    const progress = progressBar(deps, input.size);
    const output = await openOutput(f.out as string | undefined, deps, debug, f.armor === true);
    try {
      await withOutput(output, f.armor === true ? S.armorEncoder() : undefined, (out) =>
        S.encryptStream(input.source, out, {
          keyId: wrapped.keyId,
          wrappingAlgorithm: wrapped.algorithm,
          encryptedDataKey: wrapped.encryptedDataKey,
          encryptionContext: context,
          frameSize,
          dataKey: wrapped.dataKey,
          random,
          frameCipher: cipherMode(deps, debug),
          onProgress: progress.update,
          checkpoint: deps.checkpoint?.bind(deps),
        }),
      );
      await output.finish();
    } catch (err) {
      return failure(err, await output.discard());
    } finally {
      wrapped.dataKey.fill(0);
      progress.done();
    }
  } finally {
    await input.close();
  }
  return EXIT.ok;
}

// ---- decrypt-stream ----

async function decrypt(inv: StreamInvocation, deps: Deps, kms: Kms, debug: DebugLog): Promise<number> {
  const f = inv.flags;
  const wantKey = f.keyId as string | undefined;
  const wantContext = await contextFlag(f.encryptionContext, deps);
  if (f.in === undefined && deps.stdinIsTTY) {
    throw usageError('refusing to read ciphertext from a terminal', 'give the file with --in FILE or redirect stdin: < file.kms');
  }
  const unwrapDataKey = async (header: S.StreamHeaderInfo): Promise<Uint8Array> => {
    const arn = parseArn(header.keyId);
    if (arn?.service === 'kms' && arn.region !== '') kms.preferRegion(arn.region);
    if (wantKey !== undefined) await requireKey(kms, wantKey, header.keyId);
    for (const [k, v] of Object.entries(wantContext)) {
      // decrypt-stream --encryption-context: each entry given must be in the header, same value
      if (header.encryptionContext[k] !== v) {
        throw new LocalError(`the stream's encryption context does not have ${k}=${v}`, STREAM_FAILURE_EXIT, ['leave out --encryption-context to decrypt without this check']);
      }
    }
    const symmetric = header.wrappingAlgorithm === 'SYMMETRIC_DEFAULT';
    const req: Record<string, unknown> = { CiphertextBlob: header.encryptedDataKey, KeyId: header.keyId };
    if (symmetric && Object.keys(header.encryptionContext).length) req.EncryptionContext = header.encryptionContext;
    if (!symmetric) req.EncryptionAlgorithm = header.wrappingAlgorithm;
    const res = await kms.call('Decrypt', req);
    kms.close();
    return res.Plaintext as Uint8Array;
  };
  const input = await openInput(f.in as string | undefined, deps, debug, f.armor === true);
  try {
    const progress = progressBar(deps, input.size);
    const output = await openOutput(f.out as string | undefined, deps, debug, false);
    try {
      let source: S.StreamInput = input.source;
      if (f.armor === true) {
        const decoder = S.armorDecoder();
        pipeline(input.source as Readable, decoder).catch((err: unknown) => decoder.destroy(err as Error));
        source = decoder;
      }
      await withOutput(output, undefined, (out) => S.decryptStream(source, out, { unwrapDataKey, frameCipher: cipherMode(deps, debug), onProgress: progress.update, checkpoint: deps.checkpoint?.bind(deps) }));
      await output.finish();
    } catch (err) {
      return failure(err, await output.discard()); // never leave a partial plaintext file behind
    } finally {
      progress.done();
    }
  } finally {
    await input.close();
  }
  return EXIT.ok;
}
