// Grants: CreateGrant rules, Name idempotency, quota, ListGrants/ListRetirableGrants paging,
// RetireGrant and RevokeGrant, DryRun. Tokens on other operations: grants-tokens.test.ts.
import { describe, expect, it } from 'vitest';
import { DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const ALICE = 'arn:aws:iam::111122223333:role/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const RETIRER = 'arn:aws:iam::111122223333:role/retirer';

async function grant(env: TestEnv, req: Record<string, unknown>) {
  return (await env.run('CreateGrant', { GranteePrincipal: ALICE, Operations: ['Encrypt', 'Decrypt'], ...req })) as {
    GrantId: string;
    GrantToken: string;
  };
}

const snapshot = (env: TestEnv) => env.records('');

describe('CreateGrant and ListGrants', () => {
  it('records a grant and lists it with exactly the GrantListEntry members', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const g = await grant(env, {
      KeyId: k.KeyId,
      RetiringPrincipal: RETIRER,
      Name: 'app-grant',
      Constraints: { EncryptionContextSubset: { Department: 'Finance' } },
    });
    expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(g.GrantToken).toMatch(/^[A-Za-z0-9_-]{100,8192}$/);
    const list = await env.run('ListGrants', { KeyId: k.Arn });
    expect(list).toEqual({
      Grants: [
        {
          KeyId: k.Arn,
          GrantId: g.GrantId,
          Name: 'app-grant',
          CreationDate: env.clock.now(),
          GranteePrincipal: ALICE,
          RetiringPrincipal: RETIRER,
          IssuingAccount: 'arn:aws:iam::111122223333:root',
          Operations: ['Encrypt', 'Decrypt'],
          Constraints: { EncryptionContextSubset: { Department: 'Finance' } },
        },
      ],
      Truncated: false,
    });
    expect(Object.keys((list.Grants as object[])[0]!)).toEqual([
      'KeyId', 'GrantId', 'Name', 'CreationDate', 'GranteePrincipal', 'RetiringPrincipal', 'IssuingAccount', 'Operations', 'Constraints',
    ]);
    // without Name, RetiringPrincipal, Constraints those members are absent
    const bare = await grant(env, { KeyId: k.KeyId });
    const entry = ((await env.run('ListGrants', { KeyId: k.KeyId, GrantId: bare.GrantId })).Grants as object[])[0]!;
    expect(Object.keys(entry)).toEqual(['KeyId', 'GrantId', 'CreationDate', 'GranteePrincipal', 'IssuingAccount', 'Operations']);
  });

  it('Name: identical parameters return the same GrantId with a new token; otherwise a new grant', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const a = await grant(env, { KeyId: k.KeyId, Name: 'n1' });
    const b = await grant(env, { KeyId: k.Arn, Name: 'n1', Operations: ['Decrypt', 'Encrypt'] });
    expect(b.GrantId).toBe(a.GrantId);
    expect(b.GrantToken).not.toBe(a.GrantToken);
    // both tokens are valid and interchangeable
    await env.run('DescribeKey', { KeyId: k.KeyId, GrantTokens: [a.GrantToken, b.GrantToken] });
    const c = await grant(env, { KeyId: k.KeyId, Name: 'n1', GranteePrincipal: BOB });
    expect(c.GrantId).not.toBe(a.GrantId);
    const d = await grant(env, { KeyId: k.KeyId });
    const e = await grant(env, { KeyId: k.KeyId });
    expect(d.GrantId).not.toBe(e.GrantId);
    expect(((await env.run('ListGrants', { KeyId: k.KeyId })).Grants as unknown[]).length).toBe(4);
  });

  it('allows only the operations the key type supports', async () => {
    const env = makeEnv();
    const sym = await env.newKey();
    const signer = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const rsa = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const hmac = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const agree = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    await grant(env, { KeyId: sym.KeyId, Operations: ['GenerateDataKey', 'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'RetireGrant', 'DescribeKey'] });
    await grant(env, { KeyId: signer.KeyId, Operations: ['Sign', 'Verify', 'GetPublicKey'] });
    await grant(env, { KeyId: rsa.KeyId, Operations: ['Encrypt', 'Decrypt', 'GetPublicKey'] });
    await grant(env, { KeyId: hmac.KeyId, Operations: ['GenerateMac', 'VerifyMac'] });
    await grant(env, { KeyId: agree.KeyId, Operations: ['DeriveSharedSecret', 'GetPublicKey'] });
    await expectKmsError(grant(env, { KeyId: sym.KeyId, Operations: ['Encrypt', 'Sign'] }), 'ValidationException',
      'Grant operation(s) [Sign] are not valid for a KMS key with KeySpec SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT.');
    await expectKmsError(grant(env, { KeyId: signer.KeyId, Operations: ['GenerateDataKey', 'Encrypt'] }), 'ValidationException', /\[GenerateDataKey, Encrypt\]/);
    await expectKmsError(grant(env, { KeyId: rsa.KeyId, Operations: ['GenerateDataKey'] }), 'ValidationException');
    await expectKmsError(grant(env, { KeyId: hmac.KeyId, Operations: ['Encrypt'] }), 'ValidationException');
    await expectKmsError(grant(env, { KeyId: agree.KeyId, Operations: ['Sign'] }), 'ValidationException');
    // real AWS: a grant for CreateGrant alone is refused
    await expectKmsError(grant(env, { KeyId: sym.KeyId, Operations: ['CreateGrant'] }), 'ValidationException', 'Grants must not contain only the CreateGrant operation.');
    // not a GrantOperation at all: the model's enum check
    await expectKmsError(grant(env, { KeyId: sym.KeyId, Operations: ['ListGrants'] }), 'ValidationException', /enum value set/);
    await expectKmsError(grant(env, { KeyId: sym.KeyId, GranteePrincipal: 'has space' }), 'ValidationException', /granteePrincipal/);
  });

  it('validates constraints as AWS does', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const rsa = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const before = await snapshot(env);
    await expectKmsError(grant(env, { KeyId: k.KeyId, Constraints: { EncryptionContextEquals: { a: '1' }, EncryptionContextSubset: { b: '2' } } }),
      'ValidationException', /Only one of EncryptionContextEquals and EncryptionContextSubset/);
    await expectKmsError(grant(env, { KeyId: rsa.KeyId, Constraints: { EncryptionContextEquals: { a: '1' } } }), 'ValidationException', /RSA_2048/);
    const nine = Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, 'v']));
    await expectKmsError(grant(env, { KeyId: k.KeyId, Constraints: { EncryptionContextSubset: nine } }), 'ValidationException', /at most 8/);
    await expectKmsError(grant(env, { KeyId: k.KeyId, Constraints: { EncryptionContextEquals: { a: 'x'.repeat(385) } } }), 'ValidationException', /384/);
    expect(await snapshot(env)).toEqual(before);
    // an empty map counts as no constraint
    const g = await grant(env, { KeyId: k.KeyId, Constraints: { EncryptionContextEquals: {} } });
    const e = ((await env.run('ListGrants', { KeyId: k.KeyId, GrantId: g.GrantId })).Grants as Record<string, unknown>[])[0]!;
    expect(e.Constraints).toBeUndefined();
    const ok = await grant(env, { KeyId: k.KeyId, Constraints: { EncryptionContextEquals: Object.fromEntries(Object.entries(nine).slice(0, 8)) } });
    expect(ok.GrantId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses aliases, unknown keys, and keys in states CreateGrant refuses', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/g', TargetKeyId: k.KeyId });
    await expectKmsError(grant(env, { KeyId: 'alias/g' }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
    await expectKmsError(grant(env, { KeyId: 'arn:aws:kms:us-east-1:111122223333:alias/g' }), 'InvalidArnException');
    await expectKmsError(grant(env, { KeyId: '11111111-2222-4333-8444-555555555555' }), 'NotFoundException',
      "Key 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555' does not exist");
    const g = await grant(env, { KeyId: k.KeyId });
    await env.run('DisableKey', { KeyId: k.KeyId });
    await expectKmsError(grant(env, { KeyId: k.KeyId }), 'DisabledException', `${k.Arn} is disabled.`);
    // listing, revoking and retiring work in any state
    expect(((await env.run('ListGrants', { KeyId: k.KeyId })).Grants as unknown[]).length).toBe(1);
    await env.run('ScheduleKeyDeletion', { KeyId: k.KeyId, PendingWindowInDays: 7 });
    await expectKmsError(grant(env, { KeyId: k.KeyId }), 'KMSInvalidStateException', `${k.Arn} is pending deletion.`);
    await env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: g.GrantId });
  });

  it('keeps the per-key quota (configurable through the context)', async () => {
    const env = makeEnv();
    env.ctx.limits = { grantsPerKey: 3 };
    const k = await env.newKey();
    const other = await env.newKey();
    const first = await grant(env, { KeyId: k.KeyId, Name: 'again' });
    await grant(env, { KeyId: k.KeyId });
    await grant(env, { KeyId: k.KeyId });
    const before = await snapshot(env);
    await expectKmsError(grant(env, { KeyId: k.KeyId }), 'LimitExceededException', `The number of grants on KMS key ${k.Arn} has reached the limit of 3.`);
    expect(await snapshot(env)).toEqual(before);
    // a Name retry creates nothing, so it still succeeds; other keys have their own quota
    expect((await grant(env, { KeyId: k.KeyId, Name: 'again' })).GrantId).toBe(first.GrantId);
    await grant(env, { KeyId: other.KeyId });
    await env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: first.GrantId });
    await grant(env, { KeyId: k.KeyId });
  });

  it('DryRun checks everything and changes nothing', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const g = await grant(env, { KeyId: k.KeyId });
    const before = await snapshot(env);
    const dry = 'The request would have succeeded, but the DryRun option is set.';
    await expectKmsError(grant(env, { KeyId: k.KeyId, DryRun: true }), 'DryRunOperationException', dry);
    await expectKmsError(grant(env, { KeyId: k.KeyId, Operations: ['Sign'], DryRun: true }), 'ValidationException');
    await expectKmsError(env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: g.GrantId, DryRun: true }), 'DryRunOperationException', dry);
    await expectKmsError(env.run('RetireGrant', { GrantToken: g.GrantToken, DryRun: true }), 'DryRunOperationException', dry);
    await expectKmsError(env.run('RetireGrant', { KeyId: k.KeyId, GrantId: 'f'.repeat(64), DryRun: true }), 'NotFoundException');
    expect(await snapshot(env)).toEqual(before);
  });
});

describe('ListGrants and ListRetirableGrants paging', () => {
  it('pages with Limit and Marker, filters by GrantId and GranteePrincipal', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await grant(env, { KeyId: k.KeyId, GranteePrincipal: i % 2 ? BOB : ALICE })).GrantId);
    const seen: string[] = [];
    let marker: unknown;
    let pages = 0;
    do {
      const p = await env.run('ListGrants', { KeyId: k.KeyId, Limit: 3, ...(marker ? { Marker: marker } : {}) });
      seen.push(...(p.Grants as { GrantId: string }[]).map((g) => g.GrantId));
      expect(p.Truncated).toBe(p.NextMarker !== undefined);
      marker = p.NextMarker;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].sort());
    const bobs = await env.run('ListGrants', { KeyId: k.KeyId, GranteePrincipal: BOB, Limit: 2 });
    expect((bobs.Grants as { GranteePrincipal: string }[]).map((g) => g.GranteePrincipal)).toEqual([BOB, BOB]);
    expect(bobs.Truncated).toBe(true);
    const rest = await env.run('ListGrants', { KeyId: k.KeyId, GranteePrincipal: BOB, Marker: bobs.NextMarker });
    expect((rest.Grants as unknown[]).length).toBe(1);
    expect(((await env.run('ListGrants', { KeyId: k.KeyId, GrantId: ids[2] })).Grants as { GrantId: string }[])[0]!.GrantId).toBe(ids[2]);
    expect(await env.run('ListGrants', { KeyId: k.KeyId, GrantId: 'a'.repeat(64) })).toEqual({ Grants: [], Truncated: false });
    await expectKmsError(env.run('ListGrants', { KeyId: k.KeyId, GrantId: 'nope' }), 'InvalidGrantIdException', "Invalid grantId 'nope'");
    await expectKmsError(env.run('ListGrants', { KeyId: k.KeyId, Marker: 'bogus' }), 'InvalidMarkerException', 'Invalid marker');
    await expectKmsError(env.run('ListGrants', { KeyId: k.KeyId, Limit: 0 }), 'ValidationException');
    await expectKmsError(env.run('ListGrants', { KeyId: 'alias/x' }), 'InvalidArnException');
  });

  it('ListRetirableGrants lists one retiring principal across the region’s keys', async () => {
    const env = makeEnv();
    const a = await env.newKey();
    const b = await env.newKey();
    const mine: string[] = [];
    for (const k of [a, b, a]) mine.push((await grant(env, { KeyId: k.KeyId, RetiringPrincipal: RETIRER })).GrantId);
    await grant(env, { KeyId: a.KeyId, RetiringPrincipal: BOB });
    await grant(env, { KeyId: b.KeyId });
    const west = env.inRegion('eu-west-1');
    const w = (await env.runIn(west, 'CreateKey')).KeyMetadata as { KeyId: string };
    await env.runIn(west, 'CreateGrant', { KeyId: w.KeyId, GranteePrincipal: ALICE, Operations: ['Encrypt'], RetiringPrincipal: RETIRER });
    const p1 = await env.run('ListRetirableGrants', { RetiringPrincipal: RETIRER, Limit: 2 });
    expect(p1.Truncated).toBe(true);
    const p2 = await env.run('ListRetirableGrants', { RetiringPrincipal: RETIRER, Limit: 2, Marker: p1.NextMarker });
    expect(p2).toMatchObject({ Truncated: false });
    const got = [...(p1.Grants as { GrantId: string; RetiringPrincipal: string }[]), ...(p2.Grants as { GrantId: string; RetiringPrincipal: string }[])];
    expect(got.map((g) => g.GrantId).sort()).toEqual([...mine].sort());
    expect(got.every((g) => g.RetiringPrincipal === RETIRER)).toBe(true);
    expect(await env.run('ListRetirableGrants', { RetiringPrincipal: 'arn:aws:iam::111122223333:role/nobody' })).toEqual({ Grants: [], Truncated: false });
    // a key deleted at the end of its window takes its grants with it
    await env.run('ScheduleKeyDeletion', { KeyId: b.KeyId, PendingWindowInDays: 7 });
    env.clock.advance(8 * DAY);
    const after = await env.run('ListRetirableGrants', { RetiringPrincipal: RETIRER });
    expect((after.Grants as unknown[]).length).toBe(2);
    expect(await env.records(`grant/us-east-1/${b.KeyId}/`)).toEqual([]);
  });
});

describe('RetireGrant and RevokeGrant', () => {
  it('retires by token or by key and grant id, with AWS’s exceptions', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const g1 = await grant(env, { KeyId: k.KeyId });
    const g2 = await grant(env, { KeyId: k.KeyId });
    expect(await env.run('RetireGrant', { GrantToken: g1.GrantToken })).toEqual({});
    await expectKmsError(env.run('RetireGrant', { GrantToken: g1.GrantToken }), 'InvalidGrantTokenException', 'Invalid grant token.');
    await expectKmsError(env.run('RetireGrant', { GrantToken: 'not-a-token' }), 'InvalidGrantTokenException');
    await expectKmsError(env.run('RetireGrant', {}), 'ValidationException', 'Either grant token or key id and grant id must be provided');
    await expectKmsError(env.run('RetireGrant', { GrantId: g2.GrantId }), 'ValidationException');
    await expectKmsError(env.run('RetireGrant', { KeyId: k.KeyId, GrantId: 'xyz' }), 'InvalidGrantIdException');
    await expectKmsError(env.run('RetireGrant', { KeyId: k.KeyId, GrantId: g1.GrantId }), 'NotFoundException', `Grant ID ${g1.GrantId} not found`);
    await expectKmsError(env.run('RetireGrant', { GrantToken: g2.GrantToken, GrantId: g1.GrantId }), 'ValidationException');
    expect(await env.run('RetireGrant', { KeyId: k.Arn, GrantId: g2.GrantId })).toEqual({});
    expect(await env.run('ListGrants', { KeyId: k.KeyId })).toEqual({ Grants: [], Truncated: false });
  });

  it('revokes by key and grant id; the grant’s tokens stop working', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const other = await env.newKey();
    const g = await grant(env, { KeyId: k.KeyId });
    await expectKmsError(env.run('RevokeGrant', { KeyId: other.KeyId, GrantId: g.GrantId }), 'NotFoundException', `Grant ID ${g.GrantId} not found`);
    await expectKmsError(env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: 'G' }), 'InvalidGrantIdException');
    await expectKmsError(env.run('RevokeGrant', { KeyId: 'alias/k', GrantId: g.GrantId }), 'InvalidArnException');
    await env.run('Encrypt', { KeyId: k.KeyId, Plaintext: new Uint8Array([1]), GrantTokens: [g.GrantToken] });
    expect(await env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: g.GrantId })).toEqual({});
    await expectKmsError(env.run('Encrypt', { KeyId: k.KeyId, Plaintext: new Uint8Array([1]), GrantTokens: [g.GrantToken] }), 'InvalidGrantTokenException');
  });
});
