// encrypt-stream / decrypt-stream: flags → a data key (engine, `kms serve` or a public key file) →
// crypto/stream.ts between files or stdio. Owns no format; loads keyring, engine, remote.ts lazily.

import { createPublicKey } from 'node:crypto';
import { lstat, open, stat, unlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { model } from '../api/index.js';
import type { RecordStore } from '../engine/context.js';
import { EXIT, LocalError, usageError } from '../errors.js';
import * as S from '../crypto/stream.js';
import { debugLog, type DebugLog } from './debug.js';
import type { Deps } from '../deps.js';
import { ArgumentError } from './errors.js';
import { localContext } from './local-engine.js';
import type { Invocation } from './program.js';
import { readSettings, resolveEndpoint, resolveRegion } from './settings.js';
import { fdKind, stdioFd } from './stream-fds.js';

type StreamInvocation = Extract<Invocation, { kind: 'stream' }>;
type Call = (operation: string, request: Record<string, unknown>) => Promise<Record<string, unknown>>;
interface Kms {
  call: Call;
  close(): void;
  /** The region to use when no --region (or env/setting) is given: the header key ARN's. */
  preferRegion(region: string): void;
}

/** Exit code of a damaged, truncated or mismatched stream: the AWS CLI's "other" (255). */
export const STREAM_FAILURE_EXIT = EXIT.other;
const DATA_KEY_BYTES = 32; // AES-256 data key, as GenerateDataKey KeySpec AES_256 gives

export async function runStreamCommand(inv: StreamInvocation, deps: Deps, setOperation: (name: string) => void): Promise<number> {
  const debug = debugLog(inv.globals.debug, deps);
  const kms = lazyKms(inv, deps, setOperation, debug);
  try {
    return inv.action === 'encrypt' ? await encrypt(inv, deps, kms, debug) : await decrypt(inv, deps, kms, debug);
  } finally {
    kms.close();
  }
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
          random: deps.random,
          onProgress: progress.update,
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

interface Wrapped {
  keyId: string;
  algorithm: string;
  encryptedDataKey: Uint8Array;
  dataKey: Uint8Array;
}

/** A symmetric key makes the data key (GenerateDataKey); an RSA or SM2 key lends its public key. */
async function dataKeyFromKms(keyId: string, context: Record<string, string>, deps: Deps, kms: Kms): Promise<Wrapped> {
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
async function wrapWithPublicKey(raw: string, keyId: string, deps: Deps): Promise<Wrapped> {
  const { loadParamfile, ResourceLoadingError } = await import('./params/index.js');
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
  const { publicKeyCipher } = await import('../crypto/families.js');
  const cipher = await publicKeyCipher(spki);
  if (cipher === undefined) {
    throw usageError('the public key is neither an RSA key (2048, 3072 or 4096 bits) nor an SM2 key', 'encrypting to a public key works with RSA and SM2 keys of KeyUsage ENCRYPT_DECRYPT');
  }
  // RSAES_OAEP_SHA_256 (OAEP with SHA-256 and MGF1-SHA-256) or SM2PKE, as kms Decrypt takes them
  return { keyId, algorithm: cipher.algorithm, encryptedDataKey: cipher.encrypt(dataKey, deps.random), dataKey };
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
    const arnRegion = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(header.keyId)?.[1];
    if (arnRegion !== undefined) kms.preferRegion(arnRegion);
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
      await withOutput(output, undefined, (out) => S.decryptStream(source, out, { unwrapDataKey, onProgress: progress.update }));
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

/** decrypt-stream --key-id: both names resolve (DescribeKey) to the same key ARN, else refuse. */
async function requireKey(kms: Kms, want: string, have: string): Promise<void> {
  const arn = async (id: string) => String(((await kms.call('DescribeKey', { KeyId: id })).KeyMetadata as Record<string, unknown>).Arn);
  const [wantArn, haveArn] = [await arn(want), await arn(have)];
  if (wantArn !== haveArn) {
    throw new LocalError(`the stream was encrypted under ${haveArn}, not ${wantArn}`, STREAM_FAILURE_EXIT, ['leave out --key-id to decrypt with whichever key the header names']);
  }
}

// ---- shared ----

/** A failure while streaming: a closed stdout ends quietly; a bad stream is one error line. */
function failure(err: unknown, left: Left): number {
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE' || (err as NodeJS.ErrnoException)?.code === 'ERR_STREAM_DESTROYED') return EXIT.ok;
  const hint =
    left.kind === 'stdout' ? undefined : left.kind === 'removed' ? 'the partly written --out file was removed' : `${left.path} is not a regular file, so kms left it; what it received is incomplete`;
  if (err instanceof S.StreamError) {
    throw new LocalError(err.message, STREAM_FAILURE_EXIT, [hint ?? 'only frames whose tag verified were written; treat the output as incomplete']);
  }
  const io = err as NodeJS.ErrnoException;
  if (typeof io?.code === 'string' && (io.syscall === 'read' || io.syscall === 'write')) {
    // EIO, ENOSPC, EISDIR…: the system's word for it, and which side failed
    const side = io.syscall === 'read' ? 'reading the input' : 'writing the output';
    throw new LocalError(`${side} failed: ${io.code}`, STREAM_FAILURE_EXIT, [hint ?? 'what was written so far is incomplete']);
  }
  throw err;
}

function frameSizeFlag(raw: unknown): number {
  if (raw === undefined) return S.DEFAULT_FRAME_SIZE;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || n < S.MIN_FRAME_SIZE || n > S.MAX_FRAME_SIZE) {
    throw usageError(`--frame-size must be a whole number of bytes from ${S.MIN_FRAME_SIZE} to ${S.MAX_FRAME_SIZE}, not ${String(raw)}`);
  }
  return n;
}

/** --encryption-context, read as the operations read it (shorthand, JSON, file://). */
async function contextFlag(raw: unknown, deps: Deps): Promise<Record<string, string>> {
  if (raw === undefined) return {};
  const params = await import('./params/index.js');
  const pctx = { cwd: deps.cwd, env: deps.env, homedir: deps.homedir, binaryFormat: 'base64' as const, readStdin: async () => new Uint8Array() };
  return (await params.parseParam(model, 'EncryptionContextType', '--encryption-context', raw as string, pctx)) as Record<string, string>;
}

/**
 * Where the stream comes from: a blocking fd (the fast path), or a Node stream where the fd path
 * does not apply or `text` asks for one (--armor's decoder reads a Node stream; a stream, unlike
 * a read blocked in the thread pool, stops at once when decryption fails).
 */
interface Input {
  source: S.BlockingFd | Readable;
  size?: number;
  close(): Promise<void>;
}

async function openInput(path: string | undefined, deps: Deps, debug: DebugLog, text: boolean): Promise<Input> {
  if (path === undefined) {
    const end = deps.stdinFd === undefined || text ? undefined : stdioFd(deps.stdinFd as 0, deps.env);
    debug(`stream input: stdin, ${end ? `fd ${end.fd}, ${end.kind}` : 'Node stream'}`);
    if (!end) return { source: deps.stdin, close: async () => undefined };
    return { source: { blockingFd: end.fd }, close: async () => end.close() };
  }
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    debug(`stream input: ${path}, fd ${handle.fd}, ${fdKind(handle.fd, info)}${text ? ', as a Node stream' : ''}`);
    const h = handle;
    const source = text ? h.createReadStream({ autoClose: false, highWaterMark: 1 << 20 }) : { blockingFd: h.fd };
    return { source, size: info.isFile() ? info.size : undefined, close: () => h.close() };
  } catch (err) {
    await handle?.close();
    throw new LocalError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.other, ['check the --in path']);
  }
}

/** What a failed run left where its output went. */
type Left = { kind: 'stdout' } | { kind: 'removed' } | { kind: 'kept'; path: string };
const STDOUT: Left = { kind: 'stdout' };

/** Where the stream goes: a blocking fd (the fast path) or a Node stream (as for Input; --armor's encoder writes one). */
interface Output {
  target: S.BlockingFd | Writable;
  /** Flushes and lets go of the output (stdout is never ended). */
  finish(): Promise<void>;
  /** Lets go of the output and removes a partly written --out file; says what it left behind. */
  discard(): Promise<Left>;
  /** false for stdout */
  owned: boolean;
}

async function openOutput(path: string | undefined, deps: Deps, debug: DebugLog, text: boolean): Promise<Output> {
  if (path === undefined) {
    const end = deps.stdoutFd === undefined || text ? undefined : stdioFd(deps.stdoutFd as 1, deps.env);
    debug(`stream output: stdout, ${end ? `fd ${end.fd}, ${end.kind}` : 'Node stream'}`);
    if (!end) return { target: deps.stdout, finish: async () => undefined, discard: async () => STDOUT, owned: false };
    return { target: { blockingFd: end.fd }, finish: async () => end.close(), discard: async () => (end.close(), STDOUT), owned: false };
  }
  let handle;
  try {
    if ((await stat(path).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    handle = await open(path, 'w');
  } catch (err) {
    throw new LocalError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.other, ['check the --out path']);
  }
  const h = handle;
  const info = await h.stat();
  debug(`stream output: ${path}, fd ${h.fd}, ${fdKind(h.fd, info)}${text ? ', as a Node stream' : ''}`);
  const target = text ? h.createWriteStream({ autoClose: false, highWaterMark: 1 << 20 }) : { blockingFd: h.fd };
  let closed = false;
  const close = async () => {
    if (!closed) (closed = true), await h.close();
  };
  return {
    target,
    finish: close,
    discard: async () => {
      await close();
      // only a regular file kms wrote: never a device, a FIFO or a symlink (kms may run as root)
      if (!info.isFile() || !(await lstat(path).catch(() => undefined))?.isFile()) return { kind: 'kept', path };
      await unlink(path).catch(() => undefined);
      return { kind: 'removed' };
    },
    owned: true,
  };
}

/**
 * Runs `body` writing to the output: straight to it, or through `filter` (--armor's encoder)
 * into it. Waits until everything is flushed; ends the filter and an --out file, never stdout.
 */
async function withOutput<T>(output: Output, filter: (Writable & Readable) | undefined, body: (out: S.StreamOutput) => Promise<T>): Promise<T> {
  const target = output.target;
  if (!filter) {
    const result = await body(target);
    if (!('blockingFd' in target)) await flushed(target);
    return result;
  }
  if ('blockingFd' in target) throw new TypeError('stream: --armor writes through a Node stream');
  const piped = pipeline(filter, target, { end: output.owned });
  const result = await body(filter);
  filter.end();
  await piped;
  return result;
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: Writable): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
  });
}

/** The key source, opened on first use: the engine over the keyring, or `kms serve` (--endpoint-url). */
function lazyKms(inv: StreamInvocation, deps: Deps, setOperation: (name: string) => void, debug: DebugLog): Kms {
  let opened: Promise<{ call: Call; close(): void }> | undefined;
  let store: (RecordStore & { close?(): void }) | undefined;
  let preferred: string | undefined;
  const connect = async () => {
    const settings = readSettings(deps.env, deps.homedir);
    // decrypt-stream: a key ARN in the header names its region; --region, env or a setting wins
    const explicit = inv.globals.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? settings.region;
    const region = explicit === undefined && preferred !== undefined ? preferred : resolveRegion(inv.globals.region, deps.env, settings);
    const endpoint = resolveEndpoint(inv.globals.endpointUrl, deps.env);
    if (endpoint !== undefined) {
      const remote = await import('./remote.js');
      const target = remote.remoteTarget(endpoint, region, inv.globals, deps);
      return { call: ((op, req) => remote.callRemote(model.operations[op]!, req, target)) as Call, close: () => undefined };
    }
    const ctx = await localContext(deps, settings, inv.globals, region, 'read', debug);
    store = ctx.store;
    const { runOperation } = await import('../engine/index.js');
    return { call: ((op, req) => runOperation(ctx, op, req)) as Call, close: () => undefined };
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
    close() {
      store?.close?.();
      store = undefined;
      opened = undefined;
    },
  };
}

/** A one-line progress bar on stderr: only on a terminal, outside CI, for a known or large size. */
function progressBar(deps: Deps, size: number | undefined): { update: (bytesIn: number) => void; done: () => void } {
  const LARGE = 64 * 1024 * 1024;
  const on = deps.stderrIsTTY && !deps.env.CI;
  if (!on) return { update: () => undefined, done: () => undefined };
  const start = performance.now();
  let last = 0;
  let latest = 0;
  let shown = false;
  const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  const draw = (n: number) => {
    const secs = Math.max((performance.now() - start) / 1000, 0.001);
    const rate = `${mib(n / secs)}/s`;
    if (size !== undefined && size > 0) {
      const frac = Math.min(n / size, 1);
      const w = 30;
      const fill = Math.round(frac * w);
      deps.stderr.write(`\r[${'#'.repeat(fill)}${'-'.repeat(w - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mib(n)} / ${mib(size)}  ${rate}   `);
    } else deps.stderr.write(`\r${mib(n)}  ${rate}   `);
    shown = true;
  };
  return {
    update(n) {
      latest = n;
      if (size === undefined && n < LARGE) return;
      const now = performance.now();
      // not for runs under half a second; then at most ten redraws a second
      if (now - start < 500 || now - last < 100) return;
      last = now;
      draw(n);
    },
    done() {
      if (!shown) return;
      draw(latest);
      deps.stderr.write('\n');
    },
  };
}
