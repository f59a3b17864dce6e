// encrypt-stream / decrypt-stream failures end to end: refusals at a terminal (under `script`), a
// closed stdout, truncation and tampering, key and context requirements, bad flags, and --out cleanup.
import { execa } from 'execa';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamEnv } from './stream-cipher-env.js';
import { KMS, json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
let keyArn: string;
let otherArn: string;
let ct: Buffer; // 20 frames of 1 KiB and a short final one, context app=x
let plain: Buffer;
const p = (name: string) => join(sb.dir, name);
const FRAME = 1024;
/** execa's encoding 'buffer' gives Uint8Array: as text, and as a Buffer. */
const txt = (v: unknown) => Buffer.from(v as Uint8Array).toString('utf8');
const buf = (v: unknown) => Buffer.from(v as Uint8Array);

const noScript = spawnSync('script', ['--version']).status !== 0;
if (noScript) console.warn('skipping the terminal refusals: util-linux `script` is not installed');

beforeAll(async () => {
  sb = await sandbox();
  Object.assign(sb.env, streamEnv); // KMS_STREAM_NATIVE=0 under the *-js.test.ts files
  keyArn = json(await sb.kms(['create-key'])).KeyMetadata.Arn;
  otherArn = json(await sb.kms(['create-key'])).KeyMetadata.Arn;
  plain = randomBytes(20 * FRAME + 100);
  writeFileSync(p('plain'), plain);
  const enc = await sb.kms(['encrypt-stream', '--key-id', keyArn, '--encryption-context', 'app=x', '--frame-size', String(FRAME), '--in', p('plain')], { encoding: 'buffer' });
  expect(enc.exitCode, String(enc.stderr)).toBe(0);
  ct = buf(enc.stdout);
  writeFileSync(p('ct'), ct);
});
afterAll(() => sb?.cleanup());

/** decrypt-stream of `input`; asserts exit 255 and exactly one `error:` line (plus hints). */
async function expectStreamFailure(input: Buffer, args: string[] = []): Promise<{ stdout: Buffer; stderr: string }> {
  const r = await sb.kms(['decrypt-stream', ...args], { input, encoding: 'buffer' });
  const stderr = txt(r.stderr);
  expect(r.exitCode, stderr).toBe(255);
  expect(stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return { stdout: buf(r.stdout), stderr };
}

describe('truncation and tampering: exit 255, one error line, only verified frames out', () => {
  const frameBytes = FRAME + 1 + 16; // flag, ciphertext, tag (the format's regular frame)
  it('truncation at frame boundaries and mid-frame', async () => {
    const headerEnd = ct.length - 20 * frameBytes - (1 + 4 + 100 + 16);
    for (const cut of [0, 5, headerEnd, headerEnd + frameBytes, headerEnd + 7 * frameBytes, headerEnd + 7 * frameBytes + 300, ct.length - 1]) {
      const { stdout } = await expectStreamFailure(ct.subarray(0, cut));
      expect(stdout.length % FRAME, `cut ${cut}`).toBe(0); // whole verified frames only
      expect(Buffer.compare(stdout, plain.subarray(0, stdout.length))).toBe(0);
    }
  });

  it('a flipped bit in a frame, and trailing bytes', async () => {
    const flipped = Buffer.from(ct);
    flipped[ct.length - 3 * frameBytes] ^= 0x10;
    await expectStreamFailure(flipped);
    await expectStreamFailure(Buffer.concat([ct, Buffer.from([0])]));
  });

  it('through a shell pipe (the fd path), with --armor too: 255 at the bad frame, not at the end of input', async () => {
    const flipped = Buffer.from(ct);
    flipped[ct.length - 3 * frameBytes] ^= 0x10;
    writeFileSync(p('flipped'), flipped);
    const armored = await sb.kms(['encrypt-stream', '--key-id', keyArn, '--frame-size', String(FRAME), '--armor', '--in', p('plain')]);
    const text = String(armored.stdout);
    let at = Math.floor(text.length * 0.6); // a base64 character in a frame, past the header
    while (text[at] === '\n') at++;
    writeFileSync(p('flipped.asc'), text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    for (const [file, flags] of [['flipped', ''], ['flipped.asc', '--armor']] as const) {
      // The writer keeps the pipe open for 60 s after the bytes (bash does not wait for it). kms
      // must stop at the damage; a watchdog ends the writer after 15 s and leaves a mark if not.
      rmSync(p('watchdog'), { force: true });
      const script = `exec 3< <(exec 2>/dev/null; cat ${file}; exec sleep 60); w=$!; (sleep 15; kill $w && touch watchdog) >/dev/null 2>&1 & "$KMS" --debug decrypt-stream ${flags} <&3 > partial 2>err; echo $? > rc; kill $w`;
      await execa('bash', ['-c', script], { env: { ...sb.env, KMS }, extendEnv: false, cwd: sb.dir, reject: false });
      expect(existsSync(p('watchdog')), 'kms waited for the end of input').toBe(false);
      const err = readFileSync(p('err'), 'utf8');
      expect(readFileSync(p('rc'), 'utf8').trim(), err).toBe('255');
      expect(err).toMatch(flags ? /stream input: stdin, Node stream\n/ : /stream input: stdin, fd \d+, pipe /);
      expect(err.split('\n').filter((l) => l.startsWith('error:'))).toEqual(['error: the stream is damaged or truncated']);
      const partial = readFileSync(p('partial'));
      expect(partial.length % FRAME).toBe(0);
      expect(partial.equals(plain.subarray(0, partial.length))).toBe(true);
    }
  });

  it('a flipped bit in the header, and garbage input', async () => {
    const flipped = Buffer.from(ct);
    flipped[40] ^= 0x01;
    const r = await sb.kms(['decrypt-stream'], { input: flipped, encoding: 'buffer' });
    expect(r.exitCode).not.toBe(0);
    expect(buf(r.stdout).length).toBe(0);
    await expectStreamFailure(Buffer.from('not a kms stream at all, just text\n'));
  });

  it('--out: the partly written plaintext file is removed', async () => {
    writeFileSync(p('cut'), ct.subarray(0, ct.length - 50));
    const r = await sb.kms(['decrypt-stream', '--in', p('cut'), '--out', p('out')]);
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toContain('--out file was removed');
    expect(existsSync(p('out'))).toBe(false);
  });
});

describe('decrypt-stream requirements', () => {
  it('--key-id naming another key fails before any plaintext', async () => {
    const { stdout, stderr } = await expectStreamFailure(ct, ['--key-id', otherArn]);
    expect(stdout.length).toBe(0);
    expect(stderr).toContain(`encrypted under ${keyArn}, not ${otherArn}`);
  });

  it('--encryption-context with a missing or different entry fails', async () => {
    for (const ec of ['app=y', 'app=x,env=prod', '{"other":"1"}']) {
      const { stdout, stderr } = await expectStreamFailure(ct, ['--encryption-context', ec]);
      expect(stdout.length).toBe(0);
      expect(stderr).toMatch(/^error: the stream's encryption context does not have /);
    }
  });
});

describe('closed stdout (SIGPIPE)', () => {
  it('kms decrypt-stream < f | head -c 10 ends quietly', async () => {
    const r = await execa('bash', ['-c', `"$KMS" decrypt-stream < ct | head -c 10 > head.out; echo "\${PIPESTATUS[0]}" > rc`], { env: { ...sb.env, KMS }, extendEnv: false, cwd: sb.dir, reject: false });
    expect(String(r.stderr)).toBe('');
    expect(readFileSync(p('head.out'))).toEqual(plain.subarray(0, 10));
    expect(readFileSync(p('rc'), 'utf8').trim()).toBe('0');
  });

  it('more than the pipe holds (1 MiB): encrypt and decrypt into head -c end quietly with 0', async () => {
    const script = [
      `head -c 20000000 /dev/zero | "$KMS" encrypt-stream --key-id ${keyArn} > big.kms`,
      `head -c 20000000 /dev/zero | "$KMS" encrypt-stream --key-id ${keyArn} | head -c 10 > /dev/null; echo "\${PIPESTATUS[1]}" > rc.enc`,
      `"$KMS" decrypt-stream < big.kms | head -c 10 > head.big; echo "\${PIPESTATUS[0]}" > rc.dec`,
    ].join('\n');
    const r = await execa('bash', ['-c', script], { env: { ...sb.env, KMS }, extendEnv: false, cwd: sb.dir, reject: false });
    expect(String(r.stderr)).toBe('');
    expect(readFileSync(p('rc.enc'), 'utf8').trim()).toBe('0');
    expect(readFileSync(p('rc.dec'), 'utf8').trim()).toBe('0');
    expect(readFileSync(p('head.big'))).toEqual(Buffer.alloc(10));
  });
});

describe('Ctrl-C while the sync fd loop runs', () => {
  it('SIGINT ends an endless encrypt-stream < /dev/zero > /dev/null with 130', async () => {
    // stdin and stdout are the real descriptors (not sockets), so kms takes its fd path
    const zero = openSync('/dev/zero', 'r');
    const child = spawn(KMS, ['encrypt-stream', '--key-id', keyArn], { env: sb.env, stdio: [zero, 'ignore', 'pipe'] });
    closeSync(zero);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // well into the stream
    child.kill('SIGINT');
    const late = setTimeout(() => child.kill('SIGKILL'), 10_000); // a kms that ignored Ctrl-C
    const code = await exited;
    clearTimeout(late);
    expect(code, `exit ${code}; stderr: ${stderr}`).toBe(130);
  });
});

describe('input and output errors', () => {
  it('--in a directory, and a full disk (/dev/full) behind stdout or --out: one error line, 255', async () => {
    const dir = await sb.kms(['encrypt-stream', '--key-id', keyArn, '--in', sb.dir]);
    expect(dir.exitCode).toBe(255);
    expect(String(dir.stderr)).toBe(`error: cannot read ${sb.dir}: EISDIR\nhint: check the --in path\n`);
    const r = await execa('bash', ['-c', `"$KMS" encrypt-stream --key-id ${keyArn} < plain > /dev/full; echo "$?" > rc.enc; "$KMS" decrypt-stream --out /dev/full < ct; echo "$?" > rc.dec`], {
      env: { ...sb.env, KMS },
      extendEnv: false,
      cwd: sb.dir,
      reject: false,
    });
    expect(String(r.stderr)).toBe(
      'error: writing the output failed: ENOSPC\nhint: what was written so far is incomplete\n' +
        'error: writing the output failed: ENOSPC\nhint: /dev/full is not a regular file, so kms left it; what it received is incomplete',
    );
    expect(readFileSync(p('rc.enc'), 'utf8').trim()).toBe('255');
    expect(readFileSync(p('rc.dec'), 'utf8').trim()).toBe('255');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true); // a failed --out removes only a regular file (kms may run as root)
  });

  it('a failed decrypt into --out SYMLINK keeps the link (and says so)', async () => {
    const flipped = Buffer.from(ct);
    flipped[ct.length - 200] ^= 0x01;
    writeFileSync(p('target.bin'), 'old');
    rmSync(p('link.bin'), { force: true });
    symlinkSync(p('target.bin'), p('link.bin'));
    const r = await sb.kms(['decrypt-stream', '--out', p('link.bin')], { input: flipped });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toBe(`error: the stream is damaged or truncated\nhint: ${p('link.bin')} is not a regular file, so kms left it; what it received is incomplete\n`);
    expect(lstatSync(p('link.bin')).isSymbolicLink()).toBe(true);
  });
});

describe('bad flags and keys', () => {
  it('--frame-size out of range or not a number: usage error 252', async () => {
    for (const fs of ['100', '99999999', 'abc', '1.5']) {
      const r = await sb.kms(['encrypt-stream', '--key-id', keyArn, '--frame-size', fs], { input: 'x' });
      expect(r.exitCode, fs).toBe(252);
      expect(String(r.stderr)).toContain('--frame-size must be a whole number of bytes from 256 to 4194304');
    }
  });

  it('a key that cannot encrypt, and a missing key: clear errors', async () => {
    const hmac = json(await sb.kms(['create-key', '--key-spec', 'HMAC_256', '--key-usage', 'GENERATE_VERIFY_MAC'])).KeyMetadata.Arn;
    const r = await sb.kms(['encrypt-stream', '--key-id', hmac], { input: 'x' });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toMatch(/^error: key .* \(HMAC_256, GENERATE_VERIFY_MAC\) cannot encrypt a stream\nhint: /);
    const missing = await sb.kms(['encrypt-stream', '--key-id', 'alias/nope'], { input: 'x' });
    expect(missing.exitCode).toBe(254);
    expect(String(missing.stderr)).toContain('(NotFoundException) when calling the DescribeKey operation');
    const noKey = await sb.kms(['encrypt-stream'], { input: 'x' });
    expect(noKey.exitCode).toBe(252);
  });
});

describe.skipIf(noScript)('terminals (run under script -q -c for a TTY)', () => {
  const tty = (cmd: string) => execa('script', ['-q', '-e', '-c', cmd, '/dev/null'], { env: { ...sb.env, KMS, NO_COLOR: '1' }, extendEnv: false, cwd: sb.dir, reject: false });

  it('encrypt-stream refuses to write binary to a terminal; --armor is allowed', async () => {
    const r = await tty(`"$KMS" encrypt-stream --key-id ${keyArn} --in plain`);
    expect(r.exitCode).toBe(252);
    expect(String(r.stdout)).toMatch(/error: refusing to write binary ciphertext to a terminal\r?\nhint: add --armor/);
    const armored = await tty(`"$KMS" encrypt-stream --key-id ${keyArn} --in plain --armor`);
    expect(armored.exitCode).toBe(0);
    expect(String(armored.stdout)).toContain('-----BEGIN');
  });

  it('decrypt-stream refuses to read ciphertext from a terminal', async () => {
    const r = await tty(`"$KMS" decrypt-stream`);
    expect(r.exitCode).toBe(252);
    expect(String(r.stdout)).toMatch(/error: refusing to read ciphertext from a terminal\r?\nhint: /);
  });

  it('no progress bar in CI, even on a terminal', async () => {
    const r = await tty(`CI=1 "$KMS" decrypt-stream --in ct --out dec`);
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout)).toBe('');
    expect(readFileSync(p('dec'))).toEqual(plain);
  });
});
