// End to end through bin/kms: create-grant, list-grants in json/table/text, a grant token used with
// encrypt, retire-grant --grant-token, and the token refused afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
let keyId: string;
let keyArn: string;
const GRANTEE = 'arn:aws:iam::111122223333:role/app';

beforeAll(async () => {
  sb = await sandbox();
  const r = await sb.kms(['create-key', '--description', 'grants e2e']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  ({ KeyId: keyId, Arn: keyArn } = json(r).KeyMetadata);
});
afterAll(() => sb.cleanup());

describe('grants from the shell', () => {
  it('create-grant → list-grants (json, table, text) → retire-grant --grant-token', async () => {
    const created = await sb.kms([
      'create-grant', '--key-id', keyId, '--grantee-principal', GRANTEE,
      '--operations', 'Encrypt', 'Decrypt', '--name', 'e2e-grant',
      '--constraints', 'EncryptionContextSubset={Dept=Finance}',
    ]);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    const { GrantId, GrantToken } = json(created);
    expect(GrantId).toMatch(/^[0-9a-f]{64}$/);

    // Name idempotency from the shell: same GrantId, new token
    const again = json(await sb.kms(['create-grant', '--key-id', keyId, '--grantee-principal', GRANTEE,
      '--operations', 'Decrypt', 'Encrypt', '--name', 'e2e-grant', '--constraints', 'EncryptionContextSubset={Dept=Finance}']));
    expect(again.GrantId).toBe(GrantId);
    expect(again.GrantToken).not.toBe(GrantToken);

    const listed = json(await sb.kms(['list-grants', '--key-id', keyId]));
    expect(listed.Grants).toHaveLength(1);
    expect(listed.Grants[0]).toMatchObject({
      KeyId: keyArn, GrantId, Name: 'e2e-grant', GranteePrincipal: GRANTEE, IssuingAccount: 'arn:aws:iam::111122223333:root',
      Operations: ['Encrypt', 'Decrypt'], Constraints: { EncryptionContextSubset: { Dept: 'Finance' } },
    });
    expect(listed.NextMarker).toBeUndefined();

    const table = await sb.kms(['list-grants', '--key-id', keyId, '--output', 'table']);
    expect(table.exitCode, String(table.stderr)).toBe(0);
    expect(String(table.stdout)).toContain('ListGrants');
    expect(String(table.stdout)).toContain(GrantId);
    expect(String(table.stdout)).toContain(GRANTEE);

    const text = await sb.kms(['list-grants', '--key-id', keyId, '--output', 'text', '--query', 'Grants[].[GrantId,Name]']);
    expect(text.exitCode, String(text.stderr)).toBe(0);
    expect(String(text.stdout)).toBe(`${GrantId}\te2e-grant\n`);

    // the token works with --grant-tokens
    const enc = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'aGk=', '--grant-tokens', GrantToken,
      '--encryption-context', 'Dept=Finance', '--query', 'CiphertextBlob', '--output', 'text']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);

    const retired = await sb.kms(['retire-grant', '--grant-token', again.GrantToken]);
    expect(retired.exitCode, String(retired.stderr)).toBe(0);
    expect(String(retired.stdout)).toBe('');
    expect(json(await sb.kms(['list-grants', '--key-id', keyId])).Grants).toEqual([]);

    // both tokens of the grant are now refused
    const refused = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'aGk=', '--grant-tokens', GrantToken]);
    expect(refused.exitCode).toBe(254);
    expect(String(refused.stderr)).toContain('An error occurred (InvalidGrantTokenException) when calling the Encrypt operation: Invalid grant token.');
  });

  it('revoke-grant, and AWS errors with exit 254', async () => {
    const { GrantId } = json(await sb.kms(['create-grant', '--key-id', keyId, '--grantee-principal', GRANTEE,
      '--retiring-principal', GRANTEE, '--operations', 'GenerateDataKey']));
    const retirable = json(await sb.kms(['list-retirable-grants', '--retiring-principal', GRANTEE]));
    expect(retirable.Grants.map((g: { GrantId: string }) => g.GrantId)).toEqual([GrantId]);
    expect((await sb.kms(['revoke-grant', '--key-id', keyId, '--grant-id', GrantId])).exitCode).toBe(0);
    const again = await sb.kms(['revoke-grant', '--key-id', keyId, '--grant-id', GrantId]);
    expect(again.exitCode).toBe(254);
    expect(String(again.stderr)).toContain(`An error occurred (NotFoundException) when calling the RevokeGrant operation: Grant ID ${GrantId} not found`);
    const sign = await sb.kms(['create-grant', '--key-id', keyId, '--grantee-principal', GRANTEE, '--operations', 'Sign']);
    expect(sign.exitCode).toBe(254);
    expect(String(sign.stderr)).toContain('(ValidationException) when calling the CreateGrant operation: Grant operation(s) [Sign] are not valid');
  });
});
