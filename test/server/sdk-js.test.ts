// The AWS SDK for JavaScript v3 (@aws-sdk/client-kms) against an in-process `kms serve`: every
// operation group, with errors as the SDK's modelled exception classes.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetKeyRotationStatusCommand,
  EnableKeyRotationCommand,
  KMSClient,
  ListAliasesCommand,
  ListResourceTagsCommand,
  NotFoundException,
  DisabledException,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  VerifyCommand,
  VerifyMacCommand,
  CreateGrantCommand,
  ListGrantsCommand,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDS, startTestServer, type TestServer } from './helpers.js';

describe('@aws-sdk/client-kms against kms serve', () => {
  let s: TestServer;
  let kms: KMSClient;
  beforeAll(async () => {
    s = await startTestServer();
    kms = new KMSClient({ endpoint: s.url, region: 'eu-central-1', credentials: CREDS, maxAttempts: 1 });
  });
  afterAll(async () => {
    kms?.destroy();
    await s?.close();
  });

  it('keys, crypto, data keys, aliases and tags', async () => {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'js', Tags: [{ TagKey: 'a', TagValue: '1' }] }));
    const kid = KeyMetadata!.KeyId!;
    expect(KeyMetadata!.Arn).toBe(`arn:aws:kms:eu-central-1:111122223333:key/${kid}`);
    expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    const enc = await kms.send(new EncryptCommand({ KeyId: kid, Plaintext: new TextEncoder().encode('js secret'), EncryptionContext: { k: 'v' } }));
    expect(enc.CiphertextBlob).toBeInstanceOf(Uint8Array);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { k: 'v' } }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('js secret');
    expect(dec.KeyId).toBe(KeyMetadata!.Arn);
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: kid, KeySpec: 'AES_128' }));
    expect(dk.Plaintext).toHaveLength(16);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/js', TargetKeyId: kid }));
    const aliases = await kms.send(new ListAliasesCommand({ KeyId: kid }));
    expect(aliases.Aliases!.map((a) => a.AliasName)).toEqual(['alias/js']);
    await kms.send(new TagResourceCommand({ KeyId: kid, Tags: [{ TagKey: 'b', TagValue: '2' }] }));
    const tags = await kms.send(new ListResourceTagsCommand({ KeyId: kid }));
    expect(tags.Tags).toEqual([
      { TagKey: 'a', TagValue: '1' },
      { TagKey: 'b', TagValue: '2' },
    ]);
    await kms.send(new EnableKeyRotationCommand({ KeyId: kid }));
    expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: kid }))).KeyRotationEnabled).toBe(true);
    const grant = await kms.send(new CreateGrantCommand({ KeyId: kid, GranteePrincipal: 'arn:aws:iam::111122223333:user/u', Operations: ['Encrypt'] }));
    expect((await kms.send(new ListGrantsCommand({ KeyId: kid }))).Grants!.map((g) => g.GrantId)).toEqual([grant.GrantId]);
  });

  it('asymmetric keys and MACs', async () => {
    const ecc = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    const msg = new TextEncoder().encode('signed');
    const { Signature } = await kms.send(new SignCommand({ KeyId: ecc, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' }));
    const v = await kms.send(new VerifyCommand({ KeyId: ecc, Message: msg, Signature, SigningAlgorithm: 'ECDSA_SHA_384' }));
    expect(v.SignatureValid).toBe(true);
    const hmac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!.KeyId!;
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: hmac, Message: msg, MacAlgorithm: 'HMAC_SHA_384' }));
    expect((await kms.send(new VerifyMacCommand({ KeyId: hmac, Message: msg, Mac, MacAlgorithm: 'HMAC_SHA_384' }))).MacValid).toBe(true);
  });

  it('surfaces errors as the SDK exception classes with HTTP 400', async () => {
    const err = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundException);
    const e = err as NotFoundException;
    expect(e.name).toBe('NotFoundException');
    expect(e.message).toBe('Alias arn:aws:kms:eu-central-1:111122223333:alias/missing is not found.');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const kid = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new DisableKeyCommand({ KeyId: kid }));
    const disabled = await kms.send(new EncryptCommand({ KeyId: kid, Plaintext: new Uint8Array([1]) })).catch((x: unknown) => x);
    expect(disabled).toBeInstanceOf(DisabledException);
    await kms.send(new EnableKeyCommand({ KeyId: kid }));
    const del = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: kid, PendingWindowInDays: 7 }));
    expect(del.DeletionDate).toBeInstanceOf(Date);

    const bad = new KMSClient({ endpoint: s.url, region: 'eu-central-1', credentials: { ...CREDS, secretAccessKey: 'nope' }, maxAttempts: 1 });
    const sigErr = (await bad.send(new DescribeKeyCommand({ KeyId: kid })).catch((x: unknown) => x)) as { name: string; $metadata: { httpStatusCode: number } };
    expect(sigErr.name).toBe('InvalidSignatureException');
    expect(sigErr.$metadata.httpStatusCode).toBe(400);
    bad.destroy();
  });

  it('pages ListKeys with the SDK paginator', async () => {
    const all: string[] = [];
    for await (const page of paginateListKeys({ client: kms, pageSize: 1 }, {})) all.push(...page.Keys!.map((k) => k.KeyId!));
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(new Set(all).size).toBe(all.length);
  });
});
