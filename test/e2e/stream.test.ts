// `kms encrypt-stream` / `kms decrypt-stream` end to end through bin/kms: round trips through pipes
// (0 B, 1 B, frame size ±1, a large stream), tar, --armor, public-key encryption without a keyring,
// --endpoint-url, and the progress bar's absence in pipes. Failures live in stream-failures.test.ts.
import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS, ROOT, json, sandbox, type Sandbox } from '../support/cli.js';
import { streamEnv } from './stream-cipher-env.js';
import { clientEnv, startServer } from './serve-support.js';

let sb: Sandbox;
let keyArn: string;
const FRAME = 1024;
const p = (name: string) => join(sb.dir, name);
/** execa's encoding 'buffer' gives Uint8Array: as text, and as a Buffer. */
const txt = (v: unknown) => Buffer.from(v as Uint8Array).toString('utf8');
const buf = (v: unknown) => Buffer.from(v as Uint8Array);

/** Runs a bash pipeline in the sandbox's environment with `kms` meaning bin/kms. */
function sh(script: string, env: Record<string, string> = sb.env) {
  return execa('bash', ['-o', 'pipefail', '-c', script], { env: { ...env, KMS }, extendEnv: false, reject: false, cwd: sb.dir, encoding: 'buffer' });
}

beforeAll(async () => {
  sb = await sandbox();
  Object.assign(sb.env, streamEnv); // KMS_STREAM_NATIVE=0 under the *-js.test.ts files
  keyArn = json(await sb.kms(['create-key'])).KeyMetadata.Arn;
  await sb.kms(['create-alias', '--alias-name', 'alias/backup', '--target-key-id', keyArn]);
});
afterAll(() => sb?.cleanup());

describe('round trips through pipes (stdin → stdout)', () => {
  for (const size of [0, 1, FRAME - 1, FRAME, FRAME + 1, 2 * FRAME, 3 * FRAME + 7]) {
    it(`${size} bytes, --frame-size ${FRAME}`, async () => {
      const plain = randomBytes(size);
      const enc = await sb.kms(['encrypt-stream', '--key-id', 'alias/backup', '--encryption-context', 'app=x', '--frame-size', String(FRAME)], { input: plain, encoding: 'buffer' });
      expect(enc.exitCode, txt(enc.stderr)).toBe(0);
      expect(txt(enc.stderr)).toBe('');
      const ct = buf(enc.stdout);
      expect(ct.length).toBeGreaterThan(size);
      const dec = await sb.kms(['decrypt-stream'], { input: ct, encoding: 'buffer' });
      expect(dec.exitCode, txt(dec.stderr)).toBe(0);
      expect(Buffer.compare(buf(dec.stdout), plain)).toBe(0);
    });
  }

  const big = process.env.KMS_TEST_STREAM_GIB === '1' ? 1024 : 64;
  it(`${big} MiB through a pipeline, sha256 in = sha256 out (1 GiB with KMS_TEST_STREAM_GIB=1)`, async () => {
    // a deterministic fast generator: AES-CTR keystream of zeros; no temp copy of the plaintext
    const gen = `openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null | head -c ${big * 1048576}`;
    const r = await sh(`(${gen} | tee >(sha256sum > in.sha) | "$KMS" encrypt-stream --key-id alias/backup --encryption-context app=big | "$KMS" decrypt-stream --encryption-context app=big | sha256sum > out.sha) 2>err.txt; sleep 0.2`);
    expect(r.exitCode, readFileSync(p('err.txt'), 'utf8')).toBe(0);
    expect(readFileSync(p('err.txt'), 'utf8')).toBe('');
    expect(readFileSync(p('out.sha'), 'utf8')).toBe(readFileSync(p('in.sha'), 'utf8'));
  }, big > 64 ? 900_000 : 120_000);

  it('tar c dir | kms encrypt-stream | kms decrypt-stream | tar x', async () => {
    mkdirSync(p('dir/sub'), { recursive: true });
    writeFileSync(p('dir/a.txt'), 'alpha\n');
    writeFileSync(p('dir/sub/b.bin'), randomBytes(300_000));
    const r = await sh('tar c dir | "$KMS" encrypt-stream --key-id alias/backup --encryption-context app=x > dir.tar.kms && mkdir -p restored && "$KMS" decrypt-stream < dir.tar.kms | tar x -C restored');
    expect(r.exitCode, txt(r.stderr)).toBe(0);
    expect(readFileSync(p('restored/dir/a.txt'), 'utf8')).toBe('alpha\n');
    expect(readFileSync(p('restored/dir/sub/b.bin')).equals(readFileSync(p('dir/sub/b.bin')))).toBe(true);
  });
});

describe('through shell pipes and redirections: the sync fd path', () => {
  const helperBuilt = existsSync(join(ROOT, 'build', 'Release', 'pipe_size.node'));
  if (!helperBuilt) console.warn('pipe buffers stay 64 KiB in these tests: the native helper (npm install builds native/pipe_size.c) is not built');
  const pipeKind = helperBuilt ? 'pipe (1048576-byte buffer)' : 'pipe (default buffer: the native helper is not built)';
  /** Byte equality of two files (toEqual walks big buffers one element at a time). */
  const sameFiles = (a: string, b: string) => expect(readFileSync(p(a)).equals(readFileSync(p(b))), `${a} = ${b}`).toBe(true);
  /** The --debug lines that say how kms reached its input and output. */
  const ioLines = (file: string) => readFileSync(p(file), 'utf8').split('\n').filter((l) => / stream (input|output): /.test(l)).map((l) => l.replace(/^kms debug \[[\d.]+ ms\] /, '').replace(/fd \d+, /, ''));

  for (const size of [0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME + 7, 300 * FRAME]) {
    it(`${size} bytes: cat | kms encrypt-stream | cat, then the same back`, async () => {
      writeFileSync(p('fd.plain'), randomBytes(size));
      const r = await sh(
        `cat fd.plain | "$KMS" --debug encrypt-stream --key-id alias/backup --frame-size ${FRAME} 2>fd.enc.err | cat > fd.ct && cat fd.ct | "$KMS" --debug decrypt-stream 2>fd.dec.err | cat > fd.out`,
      );
      expect(r.exitCode, readFileSync(p('fd.enc.err'), 'utf8') + readFileSync(p('fd.dec.err'), 'utf8')).toBe(0);
      sameFiles('fd.out', 'fd.plain');
      for (const f of ['fd.enc.err', 'fd.dec.err']) expect(ioLines(f)).toEqual([`stream input: stdin, ${pipeKind}`, `stream output: stdout, ${pipeKind}`]);
    });
  }

  it('files and character devices on stdin and stdout are used as they are', async () => {
    writeFileSync(p('fd.plain'), randomBytes(5000));
    const r = await sh(
      [
        '"$KMS" --debug encrypt-stream --key-id alias/backup < fd.plain > fd.ct 2>fd.enc.err',
        '"$KMS" --debug decrypt-stream < fd.ct > fd.out 2>fd.dec.err',
        '"$KMS" --debug encrypt-stream --key-id alias/backup < /dev/null > /dev/null 2>fd.dev.err',
      ].join(' && '),
    );
    expect(r.exitCode, txt(r.stderr)).toBe(0);
    sameFiles('fd.out', 'fd.plain');
    expect(ioLines('fd.enc.err')).toEqual(['stream input: stdin, file', 'stream output: stdout, file']);
    expect(ioLines('fd.dev.err')).toEqual(['stream input: stdin, character device', 'stream output: stdout, character device']);
  });

  it('--debug names the frame cipher: the native addon, or node:crypto under KMS_STREAM_NATIVE=0', async () => {
    const r = await sh('"$KMS" --debug encrypt-stream --key-id alias/backup < /dev/null 2>&1 >/dev/null | grep "stream cipher"');
    const want = streamEnv.KMS_STREAM_NATIVE === '0' ? /^stream cipher: node:crypto \(KMS_STREAM_NATIVE=0\)$/ : /^stream cipher: native, on the (thread pool|main thread)$/;
    expect(txt(r.stdout).trim().replace(/^kms debug \[[\d.]+ ms\] /, '')).toMatch(want);
  });

  it("sockets (Node's child stdio) and KMS_STREAM_FD=0 go through Node streams, with the same bytes", async () => {
    const plain = randomBytes(3 * FRAME + 5);
    const viaSocket = await sb.kms(['--debug', 'encrypt-stream', '--key-id', 'alias/backup', '--frame-size', String(FRAME)], { input: plain, encoding: 'buffer' });
    expect(viaSocket.exitCode).toBe(0);
    expect(txt(viaSocket.stderr)).toMatch(/stream input: stdin, Node stream\n/);
    expect(txt(viaSocket.stderr)).toMatch(/stream output: stdout, Node stream\n/);
    writeFileSync(p('fd.ct'), buf(viaSocket.stdout));
    // the producer starts late, so kms meets an empty non-blocking pipe: Node's streams wait for it
    const r = await sh('(sleep 0.3; cat fd.ct) | "$KMS" --debug decrypt-stream 2>fd.dec.err > fd.out', { ...sb.env, KMS_STREAM_FD: '0' });
    expect(r.exitCode, readFileSync(p('fd.dec.err'), 'utf8')).toBe(0);
    expect(readFileSync(p('fd.out')).equals(plain)).toBe(true);
    expect(ioLines('fd.dec.err')).toEqual(['stream input: stdin, Node stream', 'stream output: stdout, Node stream']);
  });

  it('a slow producer and a slow consumer: the fd path blocks on them instead of failing', async () => {
    writeFileSync(p('fd.plain'), randomBytes(3 * 1048576 + 5));
    const r = await sh(
      '(sleep 0.3; cat fd.plain; sleep 0.2) | "$KMS" encrypt-stream --key-id alias/backup 2>fd.enc.err | (sleep 0.3; cat) | "$KMS" --debug decrypt-stream 2>fd.dec.err | (sleep 0.3; cat > fd.out)',
    );
    expect(r.exitCode, readFileSync(p('fd.enc.err'), 'utf8') + readFileSync(p('fd.dec.err'), 'utf8')).toBe(0);
    sameFiles('fd.out', 'fd.plain');
    expect(ioLines('fd.dec.err')).toEqual([`stream input: stdin, ${pipeKind}`, `stream output: stdout, ${pipeKind}`]);
  });
});

describe('files and forms', () => {
  it('--in / --out, and --armor writes PEM-like text that decrypts with --armor', async () => {
    writeFileSync(p('plain.bin'), randomBytes(5000));
    const enc = await sb.kms(['encrypt-stream', '--key-id', keyArn, '--armor', '--in', p('plain.bin'), '--out', p('plain.asc')]);
    expect(enc.exitCode, txt(enc.stderr)).toBe(0);
    const text = readFileSync(p('plain.asc'), 'utf8');
    expect(text).toMatch(/^-----BEGIN [A-Z ]+-----\n[A-Za-z0-9+/=\n]+-----END [A-Z ]+-----\n$/);
    const dec = await sb.kms(['decrypt-stream', '--armor', '--in', p('plain.asc'), '--out', p('plain.out')]);
    expect(dec.exitCode, txt(dec.stderr)).toBe(0);
    expect(readFileSync(p('plain.out'))).toEqual(readFileSync(p('plain.bin')));
  });

  it('--key-id and --encryption-context on decrypt: matching alias, ARN and entries pass', async () => {
    const ct = (await sb.kms(['encrypt-stream', '--key-id', 'alias/backup', '--encryption-context', '{"app":"x","env":"prod"}'], { input: 'hello', encoding: 'buffer' })).stdout as Uint8Array;
    for (const key of ['alias/backup', keyArn, keyArn.split('/')[1]!]) {
      const dec = await sb.kms(['decrypt-stream', '--key-id', key, '--encryption-context', 'env=prod'], { input: ct });
      expect(dec.exitCode, txt(dec.stderr)).toBe(0);
      expect(String(dec.stdout)).toBe('hello');
    }
  });
});

describe('public-key encryption: no keyring needed to encrypt', () => {
  for (const [spec, region] of [['RSA_2048', 'us-east-1'], ['SM2', 'cn-north-1']] as const) {
    it(`${spec}: --public-key fileb://pub.der with KMS_KEYRING pointing nowhere and no passphrase`, async () => {
      const meta = json(await sb.kms(['create-key', '--region', region, '--key-spec', spec, '--key-usage', 'ENCRYPT_DECRYPT'])).KeyMetadata;
      const pub = json(await sb.kms(['get-public-key', '--region', region, '--key-id', meta.KeyId])).PublicKey;
      writeFileSync(p(`${spec}.der`), Buffer.from(pub, 'base64'));
      const env = { ...sb.env, KMS_KEYRING: p('nowhere/keyring.db') };
      delete (env as Record<string, string | undefined>).KMS_PASSPHRASE;
      const plain = randomBytes(70_000);
      const enc = await execa(KMS, ['encrypt-stream', '--key-id', meta.Arn, '--public-key', `fileb://${p(`${spec}.der`)}`], { env, extendEnv: false, reject: false, input: plain, encoding: 'buffer' });
      expect(enc.exitCode, txt(enc.stderr)).toBe(0);
      expect(existsSync(p('nowhere'))).toBe(false);
      // decryption needs the keyring; the header's ARN names the region
      const dec = await sb.kms(['decrypt-stream', '--key-id', meta.Arn], { input: buf(enc.stdout), encoding: 'buffer' });
      expect(dec.exitCode, txt(dec.stderr)).toBe(0);
      expect(Buffer.compare(buf(dec.stdout), plain)).toBe(0);
      // and with the keyring, --key-id alone fetches the public key
      const enc2 = await sb.kms(['encrypt-stream', '--region', region, '--key-id', meta.KeyId], { input: plain, encoding: 'buffer' });
      const dec2 = await sb.kms(['decrypt-stream'], { input: buf(enc2.stdout), encoding: 'buffer' });
      expect(Buffer.compare(buf(dec2.stdout), plain), txt(dec2.stderr)).toBe(0);
    });
  }
});

describe('--endpoint-url: data keys from a running kms serve', () => {
  it('encrypts and decrypts without opening the keyring', async () => {
    const server = await startServer(sb);
    try {
      const env = clientEnv(sb);
      delete env.KMS_PASSPHRASE;
      env.KMS_KEYRING = p('no-such-keyring.db');
      const run = (args: string[], input: Buffer) => execa(KMS, ['--endpoint-url', server.url, ...args], { env, extendEnv: false, reject: false, input, encoding: 'buffer' });
      const plain = randomBytes(10_000);
      const enc = await run(['encrypt-stream', '--key-id', 'alias/backup', '--encryption-context', 'via=serve'], plain);
      expect(enc.exitCode, txt(enc.stderr)).toBe(0);
      const dec = await run(['decrypt-stream', '--key-id', 'alias/backup'], buf(enc.stdout));
      expect(dec.exitCode, txt(dec.stderr)).toBe(0);
      expect(createHash('sha256').update(buf(dec.stdout)).digest('hex')).toBe(createHash('sha256').update(plain).digest('hex'));
    } finally {
      await server.stop();
    }
  });
});
