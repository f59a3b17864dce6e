// SIGKILL under load: `kms serve` is killed while 8 clients write through it and 2 CLI processes
// write the same keyring file directly; restarted on that file, every request that was
// acknowledged is there, and the keyring is consistent (every listed key describable, the server
// and a direct CLI list the same keys, SQLite's integrity check passes).
import { execa } from 'execa';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signRequest } from '../../src/protocol/sigv4.js';
import { KMS, json, sandbox, type Sandbox } from '../support/cli.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startServer, type Server } from './serve-support.js';

const CREDS = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
const CLIENTS = 8;
const CLI_WRITERS = 2;

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb?.cleanup());

type Answer = { status: number; body: Record<string, any> } | undefined;

/** One signed KMS call; undefined when the connection failed (the server is gone). */
async function kms(url: string, op: string, input: Record<string, unknown>): Promise<Answer> {
  const body = JSON.stringify(input);
  const headers = { host: new URL(url).host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` };
  const { host: _host, ...send } = { ...headers, ...signRequest({ method: 'POST', url: '/', headers, body }, CREDS, { region: 'us-east-1', now: new Date() }) };
  try {
    const res = await fetch(`${url}/`, { method: 'POST', headers: send, body });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  } catch {
    return undefined;
  }
}

/** What the server or the CLI acknowledged: each must survive the kill. */
interface Acked {
  keys: Set<string>;
  scheduled: Set<string>;
  tags: { keyId: string; key: string; value: string }[];
  ciphertexts: { blob: string; plaintext: string; context: Record<string, string> }[];
  /** Answers that were neither a success nor a lost connection: none is expected. */
  failures: string[];
}

async function client(url: string, n: number, acked: Acked, stopped: () => boolean): Promise<void> {
  const ok = (a: Answer, what: string): a is { status: number; body: Record<string, any> } => {
    if (a === undefined) return false;
    if (a.status !== 200) acked.failures.push(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.status === 200;
  };
  for (let i = 0; !stopped(); i++) {
    const created = await kms(url, 'CreateKey', { Description: `client ${n} key ${i}` });
    if (!ok(created, 'CreateKey')) return;
    const keyId = created.body.KeyMetadata.KeyId as string;
    acked.keys.add(keyId);
    if (i % 2 === 1) {
      const scheduled = await kms(url, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
      if (!ok(scheduled, 'ScheduleKeyDeletion')) return;
      acked.scheduled.add(keyId);
      continue;
    }
    const tag = { keyId, key: `c${n}`, value: `k${i}` };
    if (!ok(await kms(url, 'TagResource', { KeyId: keyId, Tags: [{ TagKey: tag.key, TagValue: tag.value }] }), 'TagResource')) return;
    acked.tags.push(tag);
    const plaintext = Buffer.from(`client ${n} secret ${i}`).toString('base64');
    const context = { client: String(n), i: String(i) };
    const enc = await kms(url, 'Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: context });
    if (!ok(enc, 'Encrypt')) return;
    acked.ciphertexts.push({ blob: enc.body.CiphertextBlob, plaintext, context });
  }
}

async function cliWriter(n: number, acked: Acked, stopped: () => boolean): Promise<void> {
  for (let i = 0; !stopped(); i++) {
    const r = await sb.kms(['create-key', '--description', `cli ${n} key ${i}`]);
    if (r.exitCode !== 0) {
      acked.failures.push(`cli create-key: ${r.exitCode} ${String(r.stderr)}`);
      return;
    }
    acked.keys.add(json(r).KeyMetadata.KeyId);
  }
}

/** Every key the server lists, page by page. */
async function listAll(url: string): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms(url, 'ListKeys', marker ? { Marker: marker, Limit: 100 } : { Limit: 100 });
    expect(page?.status).toBe(200);
    ids.push(...page!.body.Keys.map((k: { KeyId: string }) => k.KeyId));
    marker = page!.body.Truncated ? page!.body.NextMarker : undefined;
  } while (marker);
  return ids;
}

it('every acknowledged write survives a SIGKILL of kms serve mid-load, and the keyring stays consistent', async () => {
  const acked: Acked = { keys: new Set(), scheduled: new Set(), tags: [], ciphertexts: [], failures: [] };
  let server: Server | undefined = await startServer(sb);
  let killed = false;
  let loadMs = 0;
  try {
    const url = server.url;
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(url, n, acked, () => killed));
    const writers = Array.from({ length: CLI_WRITERS }, (_, n) => cliWriter(n, acked, () => killed));
    // kill once the load is well under way: enough keys acknowledged, at most 3 s in
    const started = Date.now();
    while (acked.keys.size < 60 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
    loadMs = Date.now() - started;
    server.proc.kill('SIGKILL');
    await new Promise((r) => server!.proc.once('exit', r));
    killed = true;
    await Promise.all([...clients, ...writers]);
    expect(acked.failures).toEqual([]);
    expect(acked.keys.size).toBeGreaterThan(10);

    server = await startServer(sb);
    const again = server.url;
    const listed = new Set(await listAll(again));
    // every acknowledged CreateKey (server or CLI) is there
    expect([...acked.keys].filter((k) => !listed.has(k))).toEqual([]);
    const problems: string[] = [];
    await Promise.all([
      // every listed key is describable, and each acknowledged deletion is pending
      ...[...listed].map(async (keyId) => {
        const d = await kms(again, 'DescribeKey', { KeyId: keyId });
        if (d?.status !== 200) problems.push(`DescribeKey ${keyId}: ${d?.status}`);
        else if (acked.scheduled.has(keyId) && d.body.KeyMetadata.KeyState !== 'PendingDeletion') problems.push(`${keyId} is ${d.body.KeyMetadata.KeyState}`);
      }),
      ...acked.tags.map(async (t) => {
        const r = await kms(again, 'ListResourceTags', { KeyId: t.keyId });
        if (!r?.body.Tags?.some((x: { TagKey: string; TagValue: string }) => x.TagKey === t.key && x.TagValue === t.value)) problems.push(`tag ${t.key}=${t.value} missing on ${t.keyId}`);
      }),
      ...acked.ciphertexts.map(async (c) => {
        const r = await kms(again, 'Decrypt', { CiphertextBlob: c.blob, EncryptionContext: c.context });
        if (r?.status !== 200 || r.body.Plaintext !== c.plaintext) problems.push(`ciphertext of ${JSON.stringify(c.context)}: ${r?.status} ${JSON.stringify(r?.body)}`);
      }),
    ]);
    expect(problems).toEqual([]);
    expect(acked.scheduled.size + acked.tags.length + acked.ciphertexts.length).toBeGreaterThan(5);

    // the file, read directly by the CLI, lists the same keys as the restarted server
    const direct = await execa(KMS, ['list-keys', '--query', 'Keys[].KeyId', '--output', 'json'], { env: sb.env, extendEnv: false, reject: false });
    expect(direct.exitCode, String(direct.stderr)).toBe(0);
    expect(new Set(JSON.parse(String(direct.stdout)) as string[])).toEqual(listed);
    await server.stop();
    server = undefined;
    const db = new Database(sb.keyring, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    console.log(
      `SIGKILL under load: ${acked.keys.size} keys, ${acked.tags.length} tags, ${acked.ciphertexts.length} ciphertexts, ` +
        `${acked.scheduled.size} deletions acknowledged and found after ${loadMs} ms of load; ${listed.size - acked.keys.size} unacknowledged keys committed`,
    );
  } finally {
    killed = true;
    await server?.stop();
  }
});
