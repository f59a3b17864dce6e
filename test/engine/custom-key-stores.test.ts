// Custom key stores over a fake token: the connection state machine, AWS's exceptions, keys in a
// store (Origin AWS_CLOUDHSM) and their Unavailable state while the store is disconnected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setHsmBackend } from '../../src/services/kms/custom-key-stores/hsm-backend.js';
import { FakeHsm, TRUST_ANCHOR } from './custom-key-stores-fake.js';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const CLUSTER = 'cluster-234abcdefgh';
const PIN = 'kmsuser-pw';

let env: TestEnv;
let hsm: FakeHsm;

beforeEach(() => {
  env = makeEnv();
  hsm = new FakeHsm();
  hsm.addToken(CLUSTER, PIN);
  setHsmBackend(hsm);
});
afterEach(() => setHsmBackend(undefined));

const cloudHsm = (over: Record<string, unknown> = {}) => ({
  CustomKeyStoreName: 'hsm-store',
  CloudHsmClusterId: CLUSTER,
  TrustAnchorCertificate: TRUST_ANCHOR,
  KeyStorePassword: PIN,
  ...over,
});

const xks = (over: Record<string, unknown> = {}) => ({
  CustomKeyStoreName: 'xks-store',
  CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
  XksProxyUriEndpoint: 'https://xks.example.com',
  XksProxyUriPath: '/kms/xks/v1',
  XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJKLMNOPQRSTUV', RawSecretAccessKey: 'a'.repeat(43) },
  XksProxyConnectivity: 'PUBLIC_ENDPOINT',
  ...over,
});

async function createStore(req: Record<string, unknown> = cloudHsm()): Promise<string> {
  return (await env.run('CreateCustomKeyStore', req)).CustomKeyStoreId as string;
}

async function describeStore(id: string): Promise<Record<string, unknown>> {
  const out = await env.run('DescribeCustomKeyStores', { CustomKeyStoreId: id });
  return (out.CustomKeyStores as Record<string, unknown>[])[0]!;
}

async function connectedStoreWithKey(): Promise<{ id: string; key: Record<string, unknown> }> {
  const id = await createStore();
  await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
  const key = (await env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'AWS_CLOUDHSM' })).KeyMetadata as Record<string, unknown>;
  return { id, key };
}

describe('CreateCustomKeyStore and DescribeCustomKeyStores', () => {
  it('creates a DISCONNECTED CloudHSM store and describes it with the model members in order', async () => {
    const id = await createStore();
    expect(id).toMatch(/^cks-[0-9a-f]{17}$/);
    const e = await describeStore(id);
    expect(Object.keys(e)).toEqual([
      'CustomKeyStoreId', 'CustomKeyStoreName', 'CloudHsmClusterId', 'TrustAnchorCertificate', 'ConnectionState', 'CreationDate', 'CustomKeyStoreType',
    ]);
    expect(e).toMatchObject({ CustomKeyStoreName: 'hsm-store', CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: TRUST_ANCHOR, ConnectionState: 'DISCONNECTED', CustomKeyStoreType: 'AWS_CLOUDHSM' });
    expect(e.CreationDate).toEqual(env.clock.now());
    expect(JSON.stringify(e)).not.toContain(PIN);
  });

  it('refuses missing or foreign members, used names and clusters, bad trust anchors and unknown clusters', async () => {
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ KeyStorePassword: undefined })), 'ValidationException', 'KeyStorePassword is required for a custom key store of type AWS_CLOUDHSM.');
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ XksProxyUriPath: '/kms/xks/v1' })), 'ValidationException', /XksProxyUriPath is not valid/);
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ CloudHsmClusterId: 'cluster-1' })), 'ValidationException', /cloudHsmClusterId/);
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ TrustAnchorCertificate: 'not a certificate' })), 'IncorrectTrustAnchorException');
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ CloudHsmClusterId: 'cluster-777abcdefgh' })), 'CloudHsmClusterNotFoundException');
    await createStore();
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm()), 'CustomKeyStoreNameInUseException', 'Custom key store name hsm-store is already in use.');
    await expectKmsError(env.run('CreateCustomKeyStore', cloudHsm({ CustomKeyStoreName: 'other' })), 'CloudHsmClusterInUseException');
    expect(await env.count('custom-key-store/')).toBe(1);
  });

  it('allows 10 stores per Region (LimitExceededException) and keeps Regions apart', async () => {
    for (let i = 0; i < 10; i++) await createStore(xks({ CustomKeyStoreName: `s${i}`, XksProxyUriPath: `/p${i}/kms/xks/v1` }));
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ CustomKeyStoreName: 's10', XksProxyUriPath: '/p10/kms/xks/v1' })), 'LimitExceededException');
    const other = await env.runIn(env.inRegion('eu-west-1'), 'DescribeCustomKeyStores', {});
    expect(other.CustomKeyStores).toEqual([]);
  });

  it('finds stores by id or name, pages with Limit and Marker, and refuses both or unknown', async () => {
    const ids = [await createStore(), await createStore(xks())];
    const byName = await env.run('DescribeCustomKeyStores', { CustomKeyStoreName: 'xks-store' });
    expect((byName.CustomKeyStores as Record<string, unknown>[]).map((s) => s.CustomKeyStoreId)).toEqual([ids[1]]);
    const p1 = await env.run('DescribeCustomKeyStores', { Limit: 1 });
    expect(p1.Truncated).toBe(true);
    const p2 = await env.run('DescribeCustomKeyStores', { Limit: 1, Marker: p1.NextMarker });
    expect(p2).toMatchObject({ Truncated: false });
    expect([...(p1.CustomKeyStores as { CustomKeyStoreId: string }[]), ...(p2.CustomKeyStores as { CustomKeyStoreId: string }[])].map((s) => s.CustomKeyStoreId).sort()).toEqual([...ids].sort());
    await expectKmsError(env.run('DescribeCustomKeyStores', { CustomKeyStoreId: ids[0], CustomKeyStoreName: 'hsm-store' }), 'ValidationException');
    await expectKmsError(env.run('DescribeCustomKeyStores', { CustomKeyStoreId: 'cks-00000000000000000' }), 'CustomKeyStoreNotFoundException', 'Custom key store cks-00000000000000000 does not exist.');
    await expectKmsError(env.run('DescribeCustomKeyStores', { CustomKeyStoreName: 'nope' }), 'CustomKeyStoreNotFoundException');
    await expectKmsError(env.run('DescribeCustomKeyStores', { Marker: 'bogus' }), 'InvalidMarkerException');
  });
});

describe('ConnectCustomKeyStore and DisconnectCustomKeyStore', () => {
  it('connects with the right password, and connecting again changes nothing', async () => {
    const id = await createStore();
    expect(await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id })).toEqual({});
    expect((await describeStore(id)).ConnectionState).toBe('CONNECTED');
    expect(await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id })).toEqual({});
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    expect((await describeStore(id)).ConnectionState).toBe('DISCONNECTED');
    await expectKmsError(env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id }), 'CustomKeyStoreInvalidStateException');
  });

  it.each([
    ['a wrong password', () => void (hsm.tokens.get(CLUSTER)!.pin = 'other-pw'), 'INVALID_CREDENTIALS'],
    ['a missing token', () => void hsm.tokens.delete(CLUSTER), 'CLUSTER_NOT_FOUND'],
    ['a locked user', () => void (hsm.tokens.get(CLUSTER)!.locked = true), 'USER_LOCKED_OUT'],
  ])('fails with %s, refuses to connect while FAILED, and recovers after a disconnect', async (_what, breakIt, code) => {
    const id = await createStore();
    breakIt();
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    const e = await describeStore(id);
    expect(e).toMatchObject({ ConnectionState: 'FAILED', ConnectionErrorCode: code });
    expect(Object.keys(e).indexOf('ConnectionErrorCode')).toBe(Object.keys(e).indexOf('ConnectionState') + 1);
    await expectKmsError(env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id }), 'CustomKeyStoreInvalidStateException');
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(await describeStore(id)).not.toHaveProperty('ConnectionErrorCode');
  });

  it('answers CustomKeyStoreNotFoundException for unknown ids', async () => {
    for (const op of ['ConnectCustomKeyStore', 'DisconnectCustomKeyStore', 'DeleteCustomKeyStore', 'UpdateCustomKeyStore']) {
      await expectKmsError(env.run(op, { CustomKeyStoreId: 'cks-1234567890abcdef0' }), 'CustomKeyStoreNotFoundException');
    }
  });
});

describe('keys in a CloudHSM key store', () => {
  it('creates AWS_CLOUDHSM keys on the token and encrypts, decrypts, re-encrypts through it', async () => {
    const { id, key } = await connectedStoreWithKey();
    expect(key).toMatchObject({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: id, CloudHsmClusterId: CLUSTER, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(key).not.toHaveProperty('CurrentKeyMaterialId');
    expect(Object.keys(key).slice(Object.keys(key).indexOf('Origin'), Object.keys(key).indexOf('Origin') + 3)).toEqual(['Origin', 'CustomKeyStoreId', 'CloudHsmClusterId']);
    expect(hsm.tokens.get(CLUSTER)!.keys.has(key.KeyId as string)).toBe(true);
    const ctx = { purpose: 'test' };
    const enc = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('hello hsm'), EncryptionContext: ctx });
    const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ctx });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('hello hsm');
    expect(dec.KeyId).toBe(key.Arn);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'InvalidCiphertextException');
    const plain = await env.newKey();
    const re = await env.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: ctx, DestinationKeyId: plain.KeyId });
    const back = await env.run('ReEncrypt', { CiphertextBlob: re.CiphertextBlob, DestinationKeyId: key.KeyId });
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: back.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('hello hsm');
    const dk = await env.run('GenerateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256' });
    expect((await env.run('Decrypt', { CiphertextBlob: dk.CiphertextBlob })).Plaintext).toEqual(dk.Plaintext);
  });

  it('refuses other key specs, mismatched origins and disconnected or unknown stores', async () => {
    const id = await createStore();
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'AWS_CLOUDHSM' }), 'CustomKeyStoreInvalidStateException', `Custom key store ${id} is not connected.`);
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'AWS_CLOUDHSM', KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }), 'UnsupportedOperationException');
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id }), 'ValidationException');
    await expectKmsError(env.run('CreateKey', { Origin: 'AWS_CLOUDHSM' }), 'ValidationException');
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'k1' }), 'ValidationException');
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: 'cks-00000000000000000', Origin: 'AWS_CLOUDHSM' }), 'CustomKeyStoreNotFoundException');
    expect(await env.count('key/')).toBe(0);
  });

  it('makes keys Unavailable while the store is disconnected and restores their state on reconnect', async () => {
    const { id, key } = await connectedStoreWithKey();
    const disabled = (await env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'AWS_CLOUDHSM' })).KeyMetadata as Record<string, unknown>;
    await env.run('DisableKey', { KeyId: disabled.KeyId });
    const enc = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('x') });
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    const meta = (await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({ KeyState: 'Unavailable', Enabled: false });
    await expectKmsError(env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${key.Arn as string} is unavailable.`);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'KMSInvalidStateException', `${key.Arn as string} is unavailable.`);
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Enabled');
    expect(((await env.run('DescribeKey', { KeyId: disabled.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Disabled');
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('x');
  });

  it('applies EnableKey/DisableKey on an Unavailable key when the store connects again', async () => {
    const { id, key } = await connectedStoreWithKey();
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(await env.run('DisableKey', { KeyId: key.KeyId })).toEqual({});
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Unavailable');
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Disabled');
  });

  it('keeps a key pending deletion in PendingDeletion while disconnected; cancelled, it is Unavailable, then Disabled', async () => {
    const { id, key } = await connectedStoreWithKey();
    await env.run('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 });
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('PendingDeletion');
    await env.run('CancelKeyDeletion', { KeyId: key.KeyId });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Unavailable');
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('Disabled');
  });
});

describe('GenerateRandom with CustomKeyStoreId', () => {
  it('takes bytes from a connected CloudHSM store and refuses disconnected or external stores', async () => {
    const id = await createStore();
    await expectKmsError(env.run('GenerateRandom', { NumberOfBytes: 16, CustomKeyStoreId: id }), 'CustomKeyStoreInvalidStateException');
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    const before = hsm.opens;
    expect((await env.run('GenerateRandom', { NumberOfBytes: 16, CustomKeyStoreId: id })).Plaintext).toHaveLength(16);
    expect(hsm.opens).toBe(before + 1);
    const x = await createStore(xks());
    await expectKmsError(env.run('GenerateRandom', { NumberOfBytes: 16, CustomKeyStoreId: x }), 'UnsupportedOperationException');
    await expectKmsError(env.run('GenerateRandom', { NumberOfBytes: 16, CustomKeyStoreId: 'cks-00000000000000000' }), 'CustomKeyStoreNotFoundException');
  });
});

describe('UpdateCustomKeyStore', () => {
  it('renames a connected store but changes the password or cluster only while disconnected', async () => {
    const id = await createStore();
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    await env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, NewCustomKeyStoreName: 'renamed' });
    expect((await describeStore(id)).CustomKeyStoreName).toBe('renamed');
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, KeyStorePassword: 'new-password' }), 'CustomKeyStoreInvalidStateException');
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    hsm.tokens.get(CLUSTER)!.pin = 'new-password';
    await env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, KeyStorePassword: 'new-password' });
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect((await describeStore(id)).ConnectionState).toBe('CONNECTED');
  });

  it('moves a store only to a related cluster (a token holding its keys)', async () => {
    const { id, key } = await connectedStoreWithKey();
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    const other = hsm.addToken('cluster-567abcdefgh', PIN);
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, CloudHsmClusterId: 'cluster-567abcdefgh' }), 'CloudHsmClusterNotRelatedException');
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, CloudHsmClusterId: 'cluster-777abcdefgh' }), 'CloudHsmClusterNotFoundException');
    other.keys.set(key.KeyId as string, hsm.tokens.get(CLUSTER)!.keys.get(key.KeyId as string)!);
    await env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, CloudHsmClusterId: 'cluster-567abcdefgh' });
    expect((await describeStore(id)).CloudHsmClusterId).toBe('cluster-567abcdefgh');
  });

  it('refuses a name in use and the other type\'s members', async () => {
    const id = await createStore();
    await createStore(xks());
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, NewCustomKeyStoreName: 'xks-store' }), 'CustomKeyStoreNameInUseException');
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, XksProxyUriPath: '/kms/xks/v2' }), 'ValidationException');
  });
});

describe('DeleteCustomKeyStore', () => {
  it('deletes only a disconnected store without keys, counting keys pending deletion', async () => {
    const { id, key } = await connectedStoreWithKey();
    await expectKmsError(env.run('DeleteCustomKeyStore', { CustomKeyStoreId: id }), 'CustomKeyStoreInvalidStateException');
    await env.run('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 });
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    await expectKmsError(env.run('DeleteCustomKeyStore', { CustomKeyStoreId: id }), 'CustomKeyStoreHasCMKsException');
    env.clock.advance(8 * DAY);
    expect(await env.run('DeleteCustomKeyStore', { CustomKeyStoreId: id })).toEqual({});
    await expectKmsError(env.run('DescribeCustomKeyStores', { CustomKeyStoreId: id }), 'CustomKeyStoreNotFoundException');
  });
});

describe('external key stores (no proxy here)', () => {
  it('keeps the proxy settings, never describes the secret, and fails to connect with an XKS code', async () => {
    const id = await createStore(xks());
    const e = await describeStore(id);
    expect(e.XksProxyConfiguration).toEqual({ Connectivity: 'PUBLIC_ENDPOINT', AccessKeyId: 'ABCDEFGHIJKLMNOPQRSTUV', UriEndpoint: 'https://xks.example.com', UriPath: '/kms/xks/v1' });
    expect(e).not.toHaveProperty('CloudHsmClusterId');
    expect(JSON.stringify(e)).not.toContain('a'.repeat(43));
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect(await describeStore(id)).toMatchObject({ ConnectionState: 'FAILED', ConnectionErrorCode: 'XKS_PROXY_NOT_REACHABLE' });
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'key-1' }), 'CustomKeyStoreInvalidStateException');
    await expectKmsError(env.run('CreateKey', { CustomKeyStoreId: id, Origin: 'EXTERNAL_KEY_STORE' }), 'ValidationException');
  });

  it('validates members by connectivity and refuses URIs and endpoint services in use', async () => {
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ XksProxyConnectivity: undefined })), 'ValidationException', /XksProxyConnectivity is required/);
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE' })), 'ValidationException', /XksProxyVpcEndpointServiceName is required/);
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ KeyStorePassword: PIN })), 'ValidationException', /KeyStorePassword is not valid/);
    const svc = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    const id = await createStore(xks({ XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE', XksProxyVpcEndpointServiceName: svc }));
    expect((await describeStore(id)).XksProxyConfiguration).toMatchObject({ VpcEndpointServiceName: svc, VpcEndpointServiceOwner: '111122223333' });
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ CustomKeyStoreName: 'b' })), 'XksProxyUriInUseException');
    await expectKmsError(env.run('CreateCustomKeyStore', xks({ CustomKeyStoreName: 'c', XksProxyUriPath: '/x/kms/xks/v1', XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE', XksProxyVpcEndpointServiceName: svc })), 'XksProxyUriEndpointInUseException');
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    expect((await describeStore(id)).ConnectionErrorCode).toBe('XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND');
    // while FAILED only a disconnect is allowed before other updates
    await expectKmsError(env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, XksProxyUriPath: '/kms/xks/v2' }), 'CustomKeyStoreInvalidStateException');
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: id });
    await env.run('UpdateCustomKeyStore', { CustomKeyStoreId: id, XksProxyUriPath: '/kms/xks/v2' });
    expect(((await describeStore(id)).XksProxyConfiguration as Record<string, unknown>).UriPath).toBe('/kms/xks/v2');
  });
});
