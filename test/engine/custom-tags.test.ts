// LocalStack's CreateKey tags, an extension for fixtures written for LocalStack: `_custom_id_` names
// the key's id, `_custom_key_material_` gives its material in base64; neither is kept as a tag, and
// the material never reaches the audit trail. Material given twice makes the same key twice: a
// ciphertext of one keyring decrypts in another.
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trailRecorder } from '../../src/services/cloudtrail/recorder.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';

const ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const tag = (TagKey: string, TagValue: string) => ({ TagKey, TagValue });
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('LocalStack tags on CreateKey', () => {
  it('_custom_id_ is the key id and no tag; a taken id or a malformed one is refused', async () => {
    const env = makeEnv();
    const meta = await env.newKey({ Tags: [tag('_custom_id_', ID), tag('team', 'a')] });
    expect(meta.KeyId).toBe(ID);
    expect(meta.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${ID}`);
    expect((await env.run('ListResourceTags', { KeyId: ID })).Tags).toEqual([{ TagKey: 'team', TagValue: 'a' }]);
    await expectKmsError(env.newKey({ Tags: [tag('_custom_id_', ID)] }), 'ValidationException', `Tag _custom_id_ names the key ${ID}, which already exists in this Region.`);
    // the same id in another Region is another key
    expect((await env.runIn(env.inRegion('eu-west-1'), 'CreateKey', { Tags: [tag('_custom_id_', ID)] })).KeyMetadata).toMatchObject({ KeyId: ID });
    for (const bad of ['not-a-key-id', ID.toUpperCase(), `mrk-${'a'.repeat(32)}`]) {
      await expectKmsError(env.newKey({ Tags: [tag('_custom_id_', bad)] }), 'ValidationException', /^Tag _custom_id_ must hold a key id of the form/);
    }
    const mrk = `mrk-${'0a'.repeat(16)}`;
    expect((await env.newKey({ MultiRegion: true, Tags: [tag('_custom_id_', mrk)] })).KeyId).toBe(mrk);
    await expectKmsError(env.newKey({ MultiRegion: true, Tags: [tag('_custom_id_', ID.replace('0f', '1f'))] }), 'ValidationException', /mrk- followed by 32/);
  });

  it('_custom_key_material_ makes the same symmetric key in two keyrings: one\'s ciphertext decrypts in the other', async () => {
    const material = randomBytes(32);
    const tags = [tag('_custom_id_', ID), tag('_custom_key_material_', b64(material))];
    const a = makeEnv('us-east-1', 'keyring a');
    const b = makeEnv('us-east-1', 'keyring b');
    await a.newKey({ Tags: tags });
    await b.newKey({ Tags: tags });
    const blob = (await a.run('Encrypt', { KeyId: ID, Plaintext: bytes('fixture'), EncryptionContext: { app: 'x' } })).CiphertextBlob;
    expect(new TextDecoder().decode((await b.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { app: 'x' } })).Plaintext as Uint8Array)).toBe('fixture');
    expect((await b.run('ListResourceTags', { KeyId: ID })).Tags).toEqual([]);
    // a key of other material does not open it
    const other = makeEnv('us-east-1', 'keyring c');
    await other.newKey({ Tags: [tag('_custom_id_', ID), tag('_custom_key_material_', b64(randomBytes(32)))] });
    await expectKmsError(other.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { app: 'x' } }), 'InvalidCiphertextException');
  });

  it('HMAC material gives the MACs openssl would; an ECC key from a SEC1 DER private key signs as that key', async () => {
    const env = makeEnv();
    const secret = randomBytes(48);
    const hmac = await env.newKey({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC', Tags: [tag('_custom_key_material_', b64(secret))] });
    const mac = (await env.run('GenerateMac', { KeyId: hmac.KeyId, MacAlgorithm: 'HMAC_SHA_384', Message: bytes('message') })).Mac as Uint8Array;
    expect(Buffer.from(mac)).toEqual(createHmac('sha384', secret).update('message').digest());

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'der' });
    const ecc = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Tags: [tag('_custom_key_material_', sec1.toString('base64'))] });
    const spki = (await env.run('GetPublicKey', { KeyId: ecc.KeyId })).PublicKey as Uint8Array;
    expect(Buffer.from(spki)).toEqual(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
    const sig = (await env.run('Sign', { KeyId: ecc.KeyId, Message: bytes('signed'), SigningAlgorithm: 'ECDSA_SHA_256' })).Signature as Uint8Array;
    expect(verify('sha256', Buffer.from('signed'), createPublicKey(privateKey), Buffer.from(sig))).toBe(true);
    // PKCS#8 works too, and the key must be of the spec's curve
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Tags: [tag('_custom_key_material_', pkcs8.toString('base64'))] });
    await expectKmsError(
      env.newKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY', Tags: [tag('_custom_key_material_', pkcs8.toString('base64'))] }),
      'ValidationException',
      /^Tag _custom_key_material_ does not hold key material for a key with key spec ECC_NIST_P384/,
    );
  });

  it('refuses material that is no base64, of the wrong length, or for a key whose material comes from elsewhere', async () => {
    const env = makeEnv();
    await expectKmsError(env.newKey({ Tags: [tag('_custom_key_material_', 'not base64!')] }), 'ValidationException', 'Tag _custom_key_material_ must hold key material in base64.');
    await expectKmsError(env.newKey({ Tags: [tag('_custom_key_material_', b64(randomBytes(16)))] }), 'ValidationException', /key spec SYMMETRIC_DEFAULT/);
    await expectKmsError(
      env.newKey({ Origin: 'EXTERNAL', Tags: [tag('_custom_key_material_', b64(randomBytes(32)))] }),
      'ValidationException',
      /gives the material of a key kms makes \(Origin AWS_KMS\); an EXTERNAL key/,
    );
    expect((await env.run('ListKeys', {})).Keys).toEqual([]);
  });

  it('the material never reaches the audit trail', async () => {
    const env = makeEnv('us-east-1', 'trail', { trail: trailRecorder({ retentionDays: 90 }) });
    const material = b64(randomBytes(32));
    await env.newKey({ Tags: [tag('_custom_key_material_', material), tag('kept', 'yes')] });
    const trail = JSON.stringify(await env.records('trail/'));
    expect(trail).not.toContain(material);
    expect(trail).toContain('CreateKey');
  });
});
