// A fake HSM backend for custom key store tests: tokens in memory, AES-GCM by node:crypto.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HsmError, type HsmBackend, type HsmSession } from '../../src/services/kms/custom-key-stores/hsm.js';
import { storeRecordName } from '../../src/services/kms/records.js';

export interface FakeToken {
  pin: string;
  locked?: boolean;
  keys: Map<string, Buffer>;
}

export class FakeHsm implements HsmBackend {
  readonly tokens = new Map<string, FakeToken>();
  opens = 0;

  addToken(label: string, pin: string): FakeToken {
    const t: FakeToken = { pin, keys: new Map() };
    this.tokens.set(label, t);
    return t;
  }

  hasToken(label: string): boolean {
    return this.tokens.has(label);
  }

  open(token: { label: string; pin: string }): HsmSession {
    const t = this.tokens.get(token.label);
    if (!t) throw new HsmError('CLUSTER_NOT_FOUND', 'no token');
    if (t.locked) throw new HsmError('USER_LOCKED_OUT', 'locked');
    if (t.pin !== token.pin) throw new HsmError('INVALID_CREDENTIALS', 'bad pin');
    this.opens++;
    return {
      generateAesKey: (label) => void t.keys.set(label, randomBytes(32)),
      hasKey: (label) => t.keys.has(label),
      encrypt: (label, iv, aad, pt) => {
        const c = createCipheriv('aes-256-gcm', t.keys.get(label)!, iv).setAAD(aad);
        return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
      },
      decrypt: (label, iv, aad, sealed) => {
        const k = t.keys.get(label);
        if (!k) return undefined;
        try {
          const d = createDecipheriv('aes-256-gcm', k, iv).setAAD(aad);
          d.setAuthTag(sealed.subarray(sealed.length - 16));
          return new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]));
        } catch {
          return undefined;
        }
      },
      keyFacts: (label) => (t.keys.has(label) ? { sensitive: true, extractable: false, valueReadable: false } : undefined),
      random: (n) => new Uint8Array(randomBytes(n)),
      close: () => undefined,
    };
  }
}

/** A self-signed certificate (openssl req -x509, EC P-256) to use as a trust anchor. */
export const TRUST_ANCHOR = `-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUfzrXKbAx+KOwgCuidalJvKSySbYwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKY3VzdG9tZXJDQTAeFw0yNjExMjgxNzE4MzdaFw0zNjExMjUx
NzE4MzdaMBUxEzARBgNVBAMMCmN1c3RvbWVyQ0EwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATioif2qrzF7oOkvqgrG9sdQHsGOTCAPOzHZfd/kyCoMfal6luFsrnV
Kukw1MuPf2GN30bKMvQt0X473TmID8HGo1MwUTAdBgNVHQ4EFgQUFLcaQ+b7B1Fj
OiTW8LZefp5P7rkwHwYDVR0jBBgwFoAUFLcaQ+b7B1FjOiTW8LZefp5P7rkwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAtIb6smEJaJ/GVx7ml0b9
pJD5mbjbbjDKsIXWdV/IgKkCIFN9USEIHe4IZbCtgnWYLy3lYRK6p0CNNTv5Fl1f
LTWA
-----END CERTIFICATE-----
`;

/** Writes a custom key store record straight into the store (for request probes); returns its id. */
export async function seedStore(
  env: { put(name: string, value: unknown): Promise<void> },
  id: string,
  over: Record<string, unknown> = {},
): Promise<string> {
  await env.put(storeRecordName('us-east-1', id), {
    v: 1,
    CustomKeyStoreId: id,
    CustomKeyStoreName: `name-${id}`,
    CustomKeyStoreType: 'AWS_CLOUDHSM',
    CloudHsmClusterId: 'cluster-234abcdefgh',
    TrustAnchorCertificate: TRUST_ANCHOR,
    KeyStorePassword: 'kmsuser-pw',
    ConnectionState: 'DISCONNECTED',
    CreationDate: 0,
    ...over,
  });
  return id;
}
