// End to end through bin/kms: the session agent (docs/agent.md). `kms keyring unlock` starts it;
// calls in the session go through build/Release/kms-client to it, and every byte they print and
// every exit code is what the same call prints as a process of its own (KMS_AGENT=0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sandbox, type Sandbox } from '../support/cli.js';

const CLIENT = join(ROOT, 'build', 'Release', 'kms-client');
const AGENT = join(ROOT, 'build', 'Release', 'agent.node');
const built = existsSync(CLIENT) && existsSync(AGENT);
if (!built) console.log('agent tests skipped: native/agent.c and native/kms_client.c were not built (npm install needs a C compiler)');

let sb: Sandbox;
let session: Record<string, string>;
let keyId: string;
const socketDir = () => join(sb.env.XDG_RUNTIME_DIR!, 'kms');
const sockets = () => readdirSync(socketDir()).filter((n) => n.endsWith('.sock'));

/** A new session's env, and its agent's pid (from unlock's --debug line) when one started. */
async function unlock(extra: string[] = []): Promise<Record<string, string>> {
  const r = await sb.kms(['keyring', 'unlock', '--debug', ...extra]);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  const value = /KMS_SESSION='([^']+)'/.exec(String(r.stdout))![1]!;
  const env: Record<string, string> = { ...sb.env, KMS_SESSION: value };
  delete env.KMS_PASSPHRASE;
  const pid = /kms agent (\d+) listens on /.exec(String(r.stderr))?.[1];
  if (pid) pids.set(value, Number(pid));
  return env;
}
const pids = new Map<string, number>();

/** The same command through the agent and as a process of its own: stdout, stderr, exit code. */
async function both(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const env = opts.env ?? session;
  const run = (e: Record<string, string>) => sb.kms(args, { env: e, input: opts.input ?? '', cwd: opts.cwd ?? sb.dir });
  const viaAgent = await run(env);
  const own = await run({ ...env, KMS_AGENT: '0' });
  return { viaAgent, own };
}

function same(r: Awaited<ReturnType<typeof both>>) {
  expect(String(r.viaAgent.stderr)).toBe(String(r.own.stderr));
  expect(String(r.viaAgent.stdout)).toBe(String(r.own.stdout));
  expect(r.viaAgent.exitCode).toBe(r.own.exitCode);
}

beforeAll(async () => {
  sb = await sandbox();
  sb.env.KMS_AGENT_LOG = join(sb.dir, 'agent.log'); // the agents' own errors, shown when a test fails
  const created = await sb.kms(['create-key', '--description', 'agent test', '--query', 'KeyMetadata.KeyId', '--output', 'text']);
  keyId = String(created.stdout).trim();
  await sb.kms(['create-alias', '--alias-name', 'alias/agent', '--target-key-id', keyId]);
  if (built) session = await unlock(['--duration', '10m']);
});
afterAll(() => {
  const log = join(sb.dir, 'agent.log');
  if (existsSync(log) && readFileSync(log, 'utf8').trim()) console.log(`the agents' own log:\n${readFileSync(log, 'utf8')}`);
  sb.cleanup();
});

describe.skipIf(!built)('the kms agent', () => {
  it('unlock starts it: a 0600 socket beside the session file, and the call says it was served there', async () => {
    const [sock] = sockets();
    expect(sock).toBe(`${session.KMS_SESSION!.split('.')[0]}.sock`);
    const st = lstatSync(join(socketDir(), sock!));
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
    const r = await sb.kms(['describe-key', '--key-id', keyId, '--debug'], { env: session });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toContain('keyring held open by the kms agent');
    const own = await sb.kms(['describe-key', '--key-id', keyId, '--debug'], { env: { ...session, KMS_AGENT: '0' } });
    expect(String(own.stderr)).not.toContain('kms agent');
  });

  it.each([
    [['describe-key', '--key-id', 'alias/agent']],
    [['list-keys', '--output', 'text']],
    [['list-aliases', '--output', 'table']],
    [['list-aliases', '--output', 'yaml', '--query', 'Aliases[?AliasName==`alias/agent`]']],
    [['get-key-policy', '--key-id', 'alias/agent', '--policy-name', 'default', '--output', 'text']],
    [['describe-key', '--key-id', 'alias/missing']], // NotFoundException: 254
    [['encrypt', '--key-id', 'alias/agent']], // a required argument missing: 252
    [['encrypt', '--key-id', 'alias/agent', '--plaintext', 'not base64!']],
    [['no-such-command']],
    [[]],
    [['encrypt', 'help']],
    [['--version']],
    [['list-keys', '--max-items', '1']],
    [['list-keys', '--color', 'on', '--output', 'json']],
  ])('%j prints the same bytes and exit code through the agent', async (args) => {
    same(await both(args));
  });

  it('an encrypt through the agent decrypts in a process of its own, and the reverse', async () => {
    const enc = await sb.kms(['encrypt', '--key-id', 'alias/agent', '--plaintext', 'aGVsbG8=', '--query', 'CiphertextBlob', '--output', 'text'], { env: session });
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const blob = String(enc.stdout).trim();
    const r = await both(['decrypt', '--ciphertext-blob', blob, '--query', 'Plaintext', '--output', 'text']);
    same(r);
    expect(String(r.viaAgent.stdout)).toBe('aGVsbG8=\n');
  });

  it('writes go to the keyring the agent holds: an alias made through it is seen by a process of its own', async () => {
    const made = await sb.kms(['create-alias', '--alias-name', 'alias/via-agent', '--target-key-id', keyId], { env: session });
    expect(made.exitCode, String(made.stderr)).toBe(0);
    const seen = await sb.kms(['describe-key', '--key-id', 'alias/via-agent', '--query', 'KeyMetadata.KeyId', '--output', 'text'], { env: { ...session, KMS_AGENT: '0' } });
    expect(String(seen.stdout).trim()).toBe(keyId);
    // and the reverse: the agent sees another process's write at once
    await sb.kms(['delete-alias', '--alias-name', 'alias/via-agent'], { env: { ...session, KMS_AGENT: '0' } });
    const gone = await sb.kms(['describe-key', '--key-id', 'alias/via-agent'], { env: session });
    expect(gone.exitCode).toBe(254);
  });

  it('relative file paths are the caller’s, and the timestamps are in the caller’s time zone', async () => {
    const sub = join(sb.dir, 'work');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'plain.bin'), 'from a file');
    same(await both(['encrypt', '--key-id', 'alias/agent', '--plaintext', 'fileb://plain.bin', '--query', 'KeyId'], { cwd: sub }));
    same(await both(['encrypt', '--key-id', 'alias/agent', '--plaintext', 'fileb://missing.bin'], { cwd: sub }));
    for (const TZ of ['Asia/Kolkata', 'America/St_Johns']) {
      const r = await both(['describe-key', '--key-id', keyId, '--query', 'KeyMetadata.CreationDate', '--output', 'text'], { env: { ...session, TZ } });
      same(r);
      expect(String(r.viaAgent.stdout)).toMatch(TZ === 'Asia/Kolkata' ? /\+05:30\n$/ : /-0[23]:30\n$/);
    }
  });

  it('runs the stream commands on the caller’s descriptors and paths; a call while one runs goes to a process of its own', async () => {
    const sub = join(sb.dir, 'streams');
    mkdirSync(sub, { recursive: true });
    const data = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 7919) & 0xff));
    writeFileSync(join(sub, 'data.bin'), data);
    const enc = await sb.kms(['encrypt-stream', '--key-id', 'alias/agent', '--in', 'data.bin', '--out', 'data.kms', '--debug'], { env: session, cwd: sub });
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    expect(String(enc.stderr)).toContain('keyring held open by the kms agent');
    const dec = await sb.kms(['decrypt-stream', '--in', 'data.kms', '--out', 'data.out'], { env: { ...session, KMS_AGENT: '0' }, cwd: sub });
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(readFileSync(join(sub, 'data.out')).equals(data)).toBe(true);
    // stdin and stdout are the caller's own pipes: the agent encrypts, the decrypt beside it runs on its own
    const piped = await execa('bash', ['-o', 'pipefail', '-c', `"$KMS" encrypt-stream --key-id alias/agent < data.bin | "$KMS" decrypt-stream | cmp - data.bin && echo same`], {
      env: { ...session, KMS: join(ROOT, 'bin', 'kms') },
      extendEnv: false,
      cwd: sub,
      reject: false,
    });
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('same');
    // a damaged stream fails as in a process of its own: the same line, exit code, no --out left
    const damaged = readFileSync(join(sub, 'data.kms'));
    damaged[damaged.length - 40]! ^= 1;
    writeFileSync(join(sub, 'bad.kms'), damaged);
    const r = await both(['decrypt-stream', '--in', 'bad.kms', '--out', 'bad.out'], { cwd: sub });
    same(r);
    expect(r.viaAgent.exitCode).toBe(255);
    expect(existsSync(join(sub, 'bad.out'))).toBe(false);
  });

  it('a caller that has Ctrl-C before its input ends never gets a complete stream sealed, and the partial --out goes', async () => {
    const sub = join(sb.dir, 'interrupted');
    mkdirSync(sub, { recursive: true });
    const child = execa(join(ROOT, 'bin', 'kms'), ['encrypt-stream', '--key-id', 'alias/agent', '--out', 'part.kms'], {
      env: session,
      extendEnv: false,
      cwd: sub,
      reject: false,
      stdin: 'pipe',
    });
    child.stdin!.write(Buffer.alloc(2 * 1024 * 1024, 1));
    await waitFor(() => existsSync(join(sub, 'part.kms')));
    child.kill('SIGINT'); // the client alone: the agent learns it from the connection
    const r = await child;
    expect(r.exitCode).toBe(130);
    child.stdin!.end(); // the input ends after the Ctrl-C: it must not be sealed as the final frame
    await waitFor(() => !existsSync(join(sub, 'part.kms')));
    // the agent is still there for the next call
    const next = await sb.kms(['describe-key', '--key-id', keyId, '--debug', '--query', 'KeyMetadata.KeyId', '--output', 'text'], { env: session });
    expect(String(next.stdout).trim()).toBe(keyId);
    expect(String(next.stderr)).toContain('keyring held open by the kms agent');
  });

  it('commands that need their own process still work: stdin, keyring commands', async () => {
    const enc = await sb.kms(['encrypt', '--key-id', 'alias/agent', '--plaintext', 'fileb:///dev/stdin', '--query', 'CiphertextBlob', '--output', 'text'], {
      env: session,
      input: 'piped',
    });
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const stream = await execa('sh', ['-c', `printf streamed | "$KMS" encrypt-stream --key-id alias/agent | "$KMS" decrypt-stream`], {
      env: { ...session, KMS: join(ROOT, 'bin', 'kms') },
      extendEnv: false,
      reject: false,
    });
    expect(stream.exitCode, String(stream.stderr)).toBe(0);
    expect(stream.stdout).toBe('streamed');
    const info = await sb.kms(['keyring', 'info', '--query', 'KeyCount'], { env: session });
    expect(String(info.stdout).trim()).toBe('1');
  });

  it('a reader that closes early ends the call quietly (exit 0), as a process of its own does', async () => {
    // `true` exits without reading: the write meets a closed pipe (EPIPE) or a full one it never drains
    const r = await execa('bash', ['-c', `"$KMS" list-keys | true; echo "rc=\${PIPESTATUS[0]}"`], {
      env: { ...session, KMS: join(ROOT, 'bin', 'kms') },
      extendEnv: false,
      reject: false,
    });
    expect(r.stdout).toBe('rc=0');
    expect(r.stderr).toBe('');
  });

  it('a call whose clock is past the session’s expiry (KMS_CLOCK_OFFSET) is refused as without the agent (253)', async () => {
    // the first refusal deletes the expired session's file, so each side gets a session of its own
    const [a, b] = [await unlock(['--duration', '10m']), await unlock(['--duration', '10m'])];
    const viaAgent = await sb.kms(['list-keys'], { env: { ...a, KMS_CLOCK_OFFSET: '+11m' } });
    const own = await sb.kms(['list-keys'], { env: { ...b, KMS_CLOCK_OFFSET: '+11m', KMS_AGENT: '0' } });
    same({ viaAgent, own });
    expect(viaAgent.exitCode).toBe(253);
    expect(String(viaAgent.stderr)).toMatch(/has expired/);
  });

  it('a KMS_SESSION with the right id and a wrong token is not served: the error is the one a process of its own gives', async () => {
    const [id] = session.KMS_SESSION!.split('.');
    const forged = { ...session, KMS_SESSION: `${id}.${'A'.repeat(43)}` };
    const r = await both(['list-keys'], { env: forged });
    same(r);
    expect(r.viaAgent.exitCode).toBe(253);
  });

  it('--no-agent and KMS_AGENT=0 start none; a killed agent leaves calls working as processes of their own', async () => {
    const quiet = await unlock(['--no-agent']);
    const off = await sb.kms(['keyring', 'unlock'], { env: { ...sb.env, KMS_AGENT: '0' } });
    const offId = /KMS_SESSION='([0-9a-f]{32})\./.exec(String(off.stdout))![1]!;
    for (const id of [quiet.KMS_SESSION!.split('.')[0], offId]) expect(sockets()).not.toContain(`${id}.sock`);
    same(await both(['describe-key', '--key-id', keyId], { env: quiet }));

    const extra = await unlock();
    const sock = join(socketDir(), `${extra.KMS_SESSION!.split('.')[0]}.sock`);
    const pid = agentPid(extra);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !processAlive(pid));
    expect(existsSync(sock)).toBe(true); // stale: the client finds no listener and runs node itself
    const r = await both(['describe-key', '--key-id', keyId, '--query', 'KeyMetadata.Description'], { env: extra });
    same(r);
    expect(String(r.viaAgent.stdout)).toBe('"agent test"\n');
  });

  it('lock ends the agent, and the next call says the session ended (253) as without it', async () => {
    const env = await unlock();
    const sock = join(socketDir(), `${env.KMS_SESSION!.split('.')[0]}.sock`);
    const pid = agentPid(env);
    expect((await sb.kms(['keyring', 'lock'], { env })).exitCode).toBe(0);
    const r = await both(['list-keys'], { env });
    same(r);
    expect(r.viaAgent.exitCode).toBe(253);
    await waitFor(() => !processAlive(pid) && !existsSync(sock));
  });

  it('a keyring moved away is not served from the old file: the agent ends and the call fails as without it', async () => {
    const env = await unlock();
    const pid = agentPid(env);
    renameSync(sb.keyring, `${sb.keyring}.moved`);
    try {
      const r = await both(['list-keys'], { env });
      same(r);
      expect(r.viaAgent.exitCode).toBe(0); // a missing keyring reads as empty
      expect(JSON.parse(String(r.viaAgent.stdout))).toEqual({ Keys: [] });
      await waitFor(() => !processAlive(pid));
    } finally {
      renameSync(`${sb.keyring}.moved`, sb.keyring);
    }
  });
});

function agentPid(env: Record<string, string>): number {
  const pid = pids.get(env.KMS_SESSION!);
  if (pid === undefined) throw new Error('unlock --debug named no agent');
  return pid;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
