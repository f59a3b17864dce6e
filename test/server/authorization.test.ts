// kms serve decides who calls from the signature: a --credentials entry's principal, a key the
// keyring issued, the root for --no-auth, and the request's source address for aws:SourceIp;
// the authorization setting applies to every request.
import { describe, expect, it } from 'vitest';
import type { AuthorizationSettings } from '../../src/engine/context.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import type { Credentials } from '../../src/protocol/sigv4.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { handleRequest, type ServerConfig } from '../../src/server/protocol.js';
import { testDeps } from '../keyring/helpers.js';
import { A, ACCOUNT_STATEMENT, ALICE, doc, ROOT } from '../support/policies.js';

const ROOT_KEY = { accessKeyId: 'AKIAROOTKEY000000001', secretAccessKey: 'root-secret' };
const ALICE_KEY = { accessKeyId: 'AKIAALICEKEY00000001', secretAccessKey: 'alice-secret', principal: ALICE };
const clock = { now: () => new Date() };

/** A server's configuration; `noAuth` is --no-auth (no credentials at all). */
function server(authorization?: AuthorizationSettings, noAuth = false): ServerConfig {
  const credentials = noAuth ? undefined : [ROOT_KEY, ALICE_KEY];
  return { store: new MemoryStore(), account: A, defaultRegion: 'us-east-1', clock, random: testDeps().random, credentials, authorization };
}

/** One AWS JSON request, signed with `creds` (unsigned when null), from `sourceIp`. */
async function call(cfg: ServerConfig, creds: Credentials | null, target: string, request: object, sourceIp?: string) {
  const body = Buffer.from(JSON.stringify(request));
  const headers: Record<string, string> = { host: 'localhost', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` };
  if (creds) Object.assign(headers, signRequest({ method: 'POST', url: '/', headers, body }, creds, { region: 'us-east-1', service: 'kms', now: clock.now() }));
  const r = await handleRequest(cfg, { method: 'POST', url: '/', headers, body, sourceIp });
  return { status: r.status, body: JSON.parse(r.body) as Record<string, any> };
}

describe('kms serve: who calls, and what they may do', () => {
  it('a --credentials entry that names a principal calls as it; one without, as the root', async () => {
    const cfg = server();
    const policy = doc(ACCOUNT_STATEMENT, { Sid: 'AliceEncrypts', Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Encrypt', Resource: '*' });
    const key = (await call(cfg, ROOT_KEY, 'CreateKey', { Policy: policy })).body.KeyMetadata as { KeyId: string; Arn: string };
    expect((await call(cfg, ALICE_KEY, 'Encrypt', { KeyId: key.KeyId, Plaintext: 'aGk=' })).status).toBe(200);
    const denied = await call(cfg, ALICE_KEY, 'DescribeKey', { KeyId: key.KeyId });
    expect(denied).toEqual({
      status: 400,
      body: { __type: 'AccessDeniedException', message: `User: ${ALICE} is not authorized to perform: kms:DescribeKey on resource: ${key.Arn} because no identity-based policy allows the kms:DescribeKey action` },
    });
    expect((await call(cfg, ROOT_KEY, 'DescribeKey', { KeyId: key.KeyId })).status).toBe(200);
  });

  it('--no-auth: every caller is the root, whatever key the request names', async () => {
    const cfg = server(undefined, true);
    const key = (await call(cfg, null, 'CreateKey', { Policy: doc({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }) })).body.KeyMetadata as { KeyId: string };
    expect((await call(cfg, ALICE_KEY, 'DescribeKey', { KeyId: key.KeyId })).status).toBe(200);
  });

  it('aws:SourceIp is the peer\'s address', async () => {
    const cfg = server();
    const onlyOffice = doc(ACCOUNT_STATEMENT, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    const key = (await call(cfg, ROOT_KEY, 'CreateKey', { Policy: onlyOffice })).body.KeyMetadata as { KeyId: string; Arn: string };
    const ct = (await call(cfg, ROOT_KEY, 'Encrypt', { KeyId: key.KeyId, Plaintext: 'aGk=' })).body.CiphertextBlob as string;
    expect((await call(cfg, ROOT_KEY, 'Decrypt', { CiphertextBlob: ct }, '10.1.2.3')).body.Plaintext).toBe('aGk=');
    const outside = await call(cfg, ROOT_KEY, 'Decrypt', { CiphertextBlob: ct }, '192.168.1.9');
    expect(outside.body).toEqual({ __type: 'AccessDeniedException', message: `User: ${ROOT} is not authorized to perform: kms:Decrypt on resource: ${key.Arn} with an explicit deny in a resource-based policy` });
  });

  it('keys the keyring issued sign requests; an unknown key is UnrecognizedClientException', async () => {
    const cfg = server();
    await call(cfg, ROOT_KEY, 'CreateKey', {});
    // IAM's CreateUser and CreateAccessKey run on the same store, as `kms iam` would
    const { runOperation } = await import('../../src/engine/index.js');
    const { service: iam } = await import('../../src/services/iam/index.js');
    const ctx = { region: 'us-east-1', account: A, partition: 'aws', clock, random: cfg.random, store: cfg.store };
    await runOperation(ctx, iam, 'CreateUser', { UserName: 'bob' });
    await runOperation(ctx, iam, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 'kms:ListKeys', Resource: '*' }) });
    const issued = (await runOperation(ctx, iam, 'CreateAccessKey', { UserName: 'bob' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const bob = { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey };
    expect((await call(cfg, bob, 'ListKeys', {})).body.Keys).toHaveLength(1);
    expect((await call(cfg, bob, 'ListAliases', {})).body.__type).toBe('AccessDeniedException');
    expect((await call(cfg, { ...bob, secretAccessKey: 'wrong' }, 'ListKeys', {})).body.__type).toBe('InvalidSignatureException');
    expect((await call(cfg, { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' }, 'ListKeys', {})).body).toEqual({
      __type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('audit: the would-be denial goes to the server\'s log and the request succeeds', async () => {
    const lines: string[] = [];
    const cfg = server({ mode: 'audit', report: (l) => lines.push(l) });
    const key = (await call(cfg, ROOT_KEY, 'CreateKey', {})).body.KeyMetadata as { KeyId: string; Arn: string };
    expect((await call(cfg, ALICE_KEY, 'DescribeKey', { KeyId: key.KeyId })).status).toBe(200);
    expect(lines).toEqual([`authorization audit: would deny: User: ${ALICE} is not authorized to perform: kms:DescribeKey on resource: ${key.Arn} because no identity-based policy allows the kms:DescribeKey action`]);
  });
});
