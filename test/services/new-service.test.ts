// Adding a service copies no machinery: a table and two handlers (test/support/toy-service.ts)
// become `kms toy …` commands with flags, validation, help, man pages, completions, pagination,
// AWS-style errors and exit codes, and `kms serve` routes its AWS JSON target to it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseArgv } from '../../src/cli/program.js';
import { runOperation } from '../../src/engine/index.js';
import { completionScripts } from '../../src/gen/completions.js';
import { manPages } from '../../src/gen/man.js';
import { keyringInit } from '../../src/keyring/index.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { handleRequest } from '../../src/server/protocol.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { SERVICES } from '../../src/services/index.js';
import { makeEnv } from '../engine/helpers.js';
import { CHEAP, PASS, tempDir, testDeps } from '../keyring/helpers.js';
import { memoryDeps } from '../support/deps.js';
import { TOY, toyService, WITH_TOY } from '../support/toy-service.js';

const tmp = tempDir();
const env: Record<string, string> = {
  HOME: tmp.dir,
  KMS_KEYRING: join(tmp.dir, 'keyring.db'),
  KMS_CONFIG_DIR: join(tmp.dir, 'config'),
  XDG_RUNTIME_DIR: join(tmp.dir, 'run'),
  KMS_PASSPHRASE: PASS,
  AWS_REGION: 'eu-west-1',
};

/** One in-process kms command line with the toy service present. */
async function kms(argv: string[], extra: Record<string, string> = {}) {
  const deps = memoryDeps({ ...env, ...extra });
  const code = await main(argv, deps, WITH_TOY);
  return { code, out: deps.out(), err: deps.err() };
}

beforeAll(async () => {
  mkdirSync(env.XDG_RUNTIME_DIR!, { recursive: true, mode: 0o700 });
  await keyringInit(testDeps(env), { path: env.KMS_KEYRING!, kdfLogN: CHEAP });
});
afterAll(() => tmp.cleanup());

describe('a new service on the command line', () => {
  it('parses `kms toy put-note` into an operation of the toy service; KMS commands are unchanged', () => {
    const inv = parseArgv(['toy', 'put-note', '--name', 'a', '--body', 'aGk='], WITH_TOY);
    expect(inv.kind === 'operation' && [inv.service.model.id, inv.op.name, inv.flags.name]).toEqual(['toy', 'PutNote', 'a']);
    const kmsInv = parseArgv(['encrypt', '--key-id', 'k', '--plaintext', 'aGk='], WITH_TOY);
    expect(kmsInv.kind === 'operation' && [kmsInv.service.model.id, kmsInv.op.name]).toEqual(['kms', 'Encrypt']);
    // without the toy service in the build, `toy` is no command
    expect(() => parseArgv(['toy', 'put-note'], SERVICES)).toThrow(/Found invalid choice 'toy'/);
  });

  it('runs an operation against the keyring: blob flags, the output formatter, timestamps in ISO 8601', async () => {
    const r = await kms(['toy', 'put-note', '--name', 'shopping', '--body', 'aGk=']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { Name: string; CreatedAt: string };
    expect(out.Name).toBe('shopping');
    expect(out.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    const text = await kms(['toy', 'list-notes', '--output', 'text', '--query', 'Names']);
    expect(text.out).toBe('shopping\n');
  });

  it("validates against the service's table, with AWS's texts and exit codes", async () => {
    const bad = await kms(['toy', 'put-note', '--name', 'Bad Name', '--body', 'aGk=']);
    expect(bad.code).toBe(254);
    expect(bad.err).toBe(
      "\nAn error occurred (ValidationException) when calling the PutNote operation: 1 validation error detected: Value 'Bad Name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z][a-z0-9-]*$\n",
    );
    const missing = await kms(['toy', 'put-note', '--name', 'x']);
    expect(missing.code).toBe(252);
    expect(missing.err).toMatch(/kms: error: the following arguments are required: --body\n$/);
    const dup = await kms(['toy', 'put-note', '--name', 'shopping', '--body', 'aGk=']);
    expect([dup.code, dup.err]).toEqual([254, '\nAn error occurred (NoteExistsException) when calling the PutNote operation: Note shopping exists.\n']);
    const typo = await kms(['toy', 'put-nte']);
    expect(typo.code).toBe(252);
    expect(typo.err).toMatch(/Found invalid choice 'put-nte'[\s\S]*\* put-note/);
  });

  it('paginates with the paginator of its table (--page-size, --max-items, --starting-token)', async () => {
    for (const n of ['a1', 'b2', 'c3']) expect((await kms(['toy', 'put-note', '--name', n, '--body', 'aGk='])).code).toBe(0);
    const all = JSON.parse((await kms(['toy', 'list-notes', '--page-size', '1'])).out) as { Names: string[] };
    expect(all.Names).toEqual(['a1', 'b2', 'c3', 'shopping']);
    const first = JSON.parse((await kms(['toy', 'list-notes', '--max-items', '2'])).out) as { Names: string[]; NextToken: string };
    expect(first.Names).toEqual(['a1', 'b2']);
    const rest = JSON.parse((await kms(['toy', 'list-notes', '--starting-token', first.NextToken])).out) as { Names: string[] };
    expect(rest.Names).toEqual(['c3', 'shopping']);
  });
});

describe('a new service in help, man pages and completions', () => {
  it('`kms help` lists it, `kms toy help` lists its commands, `kms toy put-note help` its flags', async () => {
    const top = await kms(['help']);
    expect(top.out).toMatch(/\nSERVICES\n[\s\S]*\n {2}toy {2,}Toy Notes Service operations\./);
    const group = await kms(['toy', 'help']);
    expect(group.out).toMatch(/^NAME\n {2}kms toy - Toy Notes Service operations\n/);
    expect(group.out).toMatch(/ {2}toy list-notes {2,}Lists the names of the notes, in name order\./);
    const one = await kms(['toy', 'put-note', 'help']);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^NAME\n {2}kms toy put-note - Keeps a note under a new name\./);
    expect(one.out).toContain('--name <value> (string, required)');
    expect(one.out).toContain('kms toy put-note --name shopping --body aGk=');
    // this build's own help lists its services (iam, sts), and not the toy one
    const plain = memoryDeps(env);
    expect(await main(['help'], plain)).toBe(0);
    expect(plain.out()).toContain('\nCOMMANDS\n');
    expect(plain.out()).toMatch(/\nSERVICES\n[\s\S]*\n {2}iam {2,}/);
    expect(plain.out()).not.toMatch(/\n {2}toy {2,}/);
  });

  it('gets a man page per operation and a SERVICES section in kms(1)', () => {
    const pages = manPages('9.9.9', WITH_TOY);
    expect([...pages.keys()].filter((k) => k.startsWith('kms-toy-')).sort()).toEqual(['kms-toy-list-notes.1', 'kms-toy-put-note.1']);
    expect(pages.get('kms-toy-put-note.1')).toContain('kms toy put\\-note');
    expect(pages.get('kms.1')).toMatch(/\.SH SERVICES\n[\s\S]*\n\\fBtoy\\fR\nToy Notes Service operations\. list\\-notes, put\\-note\.\n/);
    expect([...manPages('9.9.9').keys()].some((k) => k.startsWith('kms-toy-'))).toBe(false);
  });

  it('completes its word, its commands and their flags in bash, zsh and fish', () => {
    const scripts = completionScripts(WITH_TOY);
    const bash = scripts.get('kms.bash')!;
    expect(bash).toMatch(/_kms_commands='[^']* toy /);
    expect(bash).toContain("'toy') _kms_r='list-notes put-note' ;;");
    expect(bash).toMatch(/'toy put-note'\) _kms_r='--name --body[^']*' ;;/);
    expect(scripts.get('_kms')).toContain('put-note');
    expect(scripts.get('kms.fish')).toMatch(/__kms_is toy' -a put-note/);
  });
});

describe('a new service in the engine and kms serve', () => {
  it('runs through runOperation with the same validation', async () => {
    const e = makeEnv();
    expect(await runOperation(e.ctx, toyService, 'PutNote', { Name: 'n', Body: new Uint8Array([1]) })).toMatchObject({ Name: 'n' });
    await expect(runOperation(e.ctx, toyService, 'PutNote', { Name: 'n' })).rejects.toMatchObject({
      code: 'ValidationException',
      message: "1 validation error detected: Value null at 'body' failed to satisfy constraint: Member must not be null",
    });
    await expect(runOperation(e.ctx, toyService, 'Encrypt', {})).rejects.toMatchObject({ code: 'UnknownOperationException', message: 'Encrypt is not a Toy Notes Service operation.' });
  });

  describe('over HTTP', () => {
    let server: RunningServer;
    const creds = { accessKeyId: 'AKIDTOYTEST', secretAccessKey: 'toy-secret' };
    const clock = { now: () => new Date() };
    beforeAll(async () => {
      const random = testDeps().random;
      server = await startServer({ host: '127.0.0.1', port: 0, store: new MemoryStore(), account: '111122223333', defaultRegion: 'us-east-1', clock, random, credentials: [creds], services: WITH_TOY });
    });
    afterAll(() => server.close());

    it('routes X-Amz-Target ToyNotes_20261203.<Op> to the toy service; the CLI reaches it with --endpoint-url', async () => {
      const remote = { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey };
      const put = await kms(['--endpoint-url', server.url, 'toy', 'put-note', '--name', 'remote', '--body', 'aGk='], remote);
      expect([put.code, put.err]).toEqual([0, '']);
      const list = await kms(['--endpoint-url', server.url, 'toy', 'list-notes', '--query', 'Names', '--output', 'text'], remote);
      expect(list.out).toBe('remote\n');
      const dup = await kms(['--endpoint-url', server.url, 'toy', 'put-note', '--name', 'remote', '--body', 'aGk='], remote);
      expect([dup.code, dup.err]).toEqual([254, '\nAn error occurred (NoteExistsException) when calling the PutNote operation: Note remote exists.\n']);
    });

    it("answers in the service's error shape, and wants requests signed for the service", async () => {
      const body = new TextEncoder().encode('{"Name":"remote","Body":"aGk="}');
      const headers = { host: new URL(server.url).host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'ToyNotes_20261203.PutNote' };
      const signed = (service: string) => ({ ...headers, ...signRequest({ method: 'POST', url: '/', headers, body }, creds, { region: 'us-east-1', service, now: clock.now() }) });
      const cfg = { store: new MemoryStore(), account: '111122223333', defaultRegion: 'us-east-1', clock, random: testDeps().random, credentials: [creds], services: [TOY] };
      const first = await handleRequest(cfg, { method: 'POST', url: '/', headers: signed('toy'), body });
      expect(first.status).toBe(200);
      const again = await handleRequest(cfg, { method: 'POST', url: '/', headers: signed('toy'), body });
      expect([again.status, again.headers['x-amzn-ErrorType']]).toEqual([400, 'NoteExistsException:http://internal.amazon.com/coral/com.example.toy/']);
      const wrongScope = await handleRequest(cfg, { method: 'POST', url: '/', headers: signed('kms'), body });
      expect(JSON.parse(wrongScope.body)).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringMatching(/scoped to correct service: 'toy'/) });
      const kmsTarget = await handleRequest(cfg, { method: 'POST', url: '/', headers: { ...signed('toy'), 'x-amz-target': 'TrentService.ListKeys' }, body });
      expect(JSON.parse(kmsTarget.body)).toEqual({ __type: 'UnknownOperationException' });
    });
  });
});
