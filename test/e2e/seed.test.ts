// `kms keyring seed FILE` and `kms serve --seed FILE` on local-kms's documented seed example: the
// keys and alias are made, a second run leaves them as they are, the ECC key's public key is the
// one openssl derives from the seed's PEM, and a server started with --seed answers for them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer } from './serve-support.js';
import { rowsDigest } from '../keyring/helpers.js';
import { DOCUMENTED as SEED, EC_PEM } from '../fixtures/local-kms-seed.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.log('seed e2e: openssl is not installed; the public key is compared with node:crypto only');

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));

describe('kms keyring seed, kms serve --seed', () => {
  it("seeds local-kms's documented example once; a second run changes nothing; openssl agrees on the public key", async () => {
    const sb = await sandbox();
    boxes.push(sb);
    const file = join(sb.dir, 'seed.yaml');
    writeFileSync(file, SEED);
    const first = await sb.kms(['keyring', 'seed', file]);
    expect(first.exitCode, String(first.stderr)).toBe(0);
    expect(String(first.stderr)).toMatch(/made bc436485-5092-42b8-92a3-0aa8b93536dc, 800d5768-3fd7-4edd-a4b8-4c81c3e4c147, alias\/testing; already there, left as they are: none\n$/);
    const second = await sb.kms(['keyring', 'seed', file]);
    expect(second.exitCode).toBe(0);
    expect(String(second.stderr)).toMatch(/made none; already there, left as they are: bc436485-5092-42b8-92a3-0aa8b93536dc, 800d5768-3fd7-4edd-a4b8-4c81c3e4c147, alias\/testing\n$/);
    const pub = await sb.kms(['get-public-key', '--key-id', '800d5768-3fd7-4edd-a4b8-4c81c3e4c147', '--query', 'PublicKey', '--output', 'text']);
    const der = Buffer.from(String(pub.stdout).trim(), 'base64');
    if (hasOpenssl) {
      const pem = join(sb.dir, 'ec.pem');
      writeFileSync(pem, EC_PEM);
      expect(der).toEqual(spawnSync('openssl', ['pkey', '-in', pem, '-pubout', '-outform', 'DER']).stdout);
    }
    const bad = join(sb.dir, 'bad.yaml');
    // a new AES key first (it would be made), then an ECC key whose PEM is damaged: nothing is made
    writeFileSync(bad, SEED.replace('bc436485-5092-42b8-92a3-0aa8b93536dc', '9c436485-5092-42b8-92a3-0aa8b93536dc').replace('AwEHoUQDQgAE', 'AwEHoUQDQgA!'));
    const before = rowsDigest(sb.keyring);
    const refused = await sb.kms(['keyring', 'seed', bad]);
    expect(rowsDigest(sb.keyring)).toBe(before);
    expect(refused.exitCode).toBe(253);
    expect(String(refused.stderr)).toBe(
      `error: the seed file ${bad}: Keys.Asymmetric.Ecc[0].PrivateKeyPem is not a PEM private key (PKCS#8, or the traditional EC or RSA form) without a passphrase\nhint: nothing was seeded: the file is applied whole or not at all\n`,
    );
  });

  it('kms serve --seed makes the keys before it listens', async () => {
    const sb = await sandbox();
    boxes.push(sb);
    const file = join(sb.dir, 'seed.yaml');
    writeFileSync(file, SEED);
    const server = await startServer(sb, ['--seed', file]);
    try {
      const r = await sb.kms(['--endpoint-url', server.url, 'describe-key', '--key-id', 'alias/testing'], { env: clientEnv(sb) });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(json(r).KeyMetadata).toMatchObject({ KeyId: 'bc436485-5092-42b8-92a3-0aa8b93536dc', Origin: 'EXTERNAL' });
    } finally {
      await server.stop();
    }
  });
});
