// Same output: `kms <cmd>` (directly, and through `kms serve` with --endpoint-url) and the real
// `aws kms <cmd> --endpoint-url` (AWS CLI v1) print the same bytes for json, text and table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa, type Result } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { model, shape } from '../../src/services/kms/model/index.js';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, NO_AWS, startServer, type Server } from './serve-support.js';

/*
 * What AWS CLI v1 and v2 print differently, and how this test evens it out (nothing else is touched):
 * 1. Timestamps: v1 prints the wire value (epoch seconds), v2 ISO 8601. v1 is run with
 *    `cli_timestamp_format = iso8601`, v1's own switch to v2's form; the members this affects are
 *    TIMESTAMP_MEMBERS below (every timestamp member of the model).
 * 2. Exit code of a service error: v1 exits 255, v2 (and kms) 254. The stderr text is the same.
 * 3. Blob parameters given as text: v1 reads them raw, v2 as base64; the scenarios pass blobs
 *    as fileb:// so both read the same bytes.
 * Values that differ from call to call (a new key's id, ARN, date and key material id; random
 * ciphertext and bytes) are masked character for character, so lengths and table layout still count.
 */
const TIMESTAMP_MEMBERS = [
  ...new Set(
    Object.values(model.shapes).flatMap((s) =>
      s.type === 'structure' ? Object.entries(s.members).filter(([, m]) => shape(m.shape).type === 'timestamp').map(([name]) => name) : [],
    ),
  ),
].sort();

const FORMATS = ['json', 'text', 'table'] as const;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00/g;
const mask = (s: string) => s.replace(/[0-9a-zA-Z+/=]/g, 'x');
const MATERIAL_ID = /\b[0-9a-f]{64}\b/g;

let sb: Sandbox;
let server: Server;
let keyId: string;
let eccKeyId: string;

if (NO_AWS) console.warn(`serve-same-output: skipped, the AWS CLI is not usable here (${NO_AWS})`);

beforeAll(async () => {
  if (NO_AWS) return;
  sb = await sandbox();
  server = await startServer(sb);
  writeFileSync(join(sb.dir, 'aws-config'), '[default]\nregion = us-east-1\ncli_timestamp_format = iso8601\n');
  writeFileSync(join(sb.dir, 'plain.bin'), 'same bytes for everyone');
  const k = await sb.kms(['create-key', '--description', 'same output', '--tags', 'TagKey=team,TagValue=core', 'TagKey=env,TagValue=test']);
  expect(k.exitCode, String(k.stderr)).toBe(0);
  keyId = json(k).KeyMetadata.KeyId;
  const e = await sb.kms(['create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY']);
  expect(e.exitCode, String(e.stderr)).toBe(0);
  eccKeyId = json(e).KeyMetadata.KeyId;
  expect((await sb.kms(['create-alias', '--alias-name', 'alias/same-output', '--target-key-id', keyId])).exitCode).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

interface Scenario {
  name: string;
  args: () => string[];
  /** Masks values that differ between two calls (not between v1 and v2). */
  volatile?: (s: string) => string;
  error?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'create-key', args: () => ['create-key', '--description', 'twin', '--tags', 'TagKey=a,TagValue=b'], volatile: (s) => s.replace(UUID, mask).replace(ISO, mask).replace(MATERIAL_ID, mask) },
  { name: 'describe-key', args: () => ['describe-key', '--key-id', keyId] },
  { name: 'describe-key (ECC)', args: () => ['describe-key', '--key-id', eccKeyId] },
  { name: 'list-keys', args: () => ['list-keys'] },
  { name: 'list-aliases', args: () => ['list-aliases'] },
  {
    name: 'encrypt',
    args: () => ['encrypt', '--key-id', 'alias/same-output', '--plaintext', `fileb://${join(sb.dir, 'plain.bin')}`, '--encryption-context', 'app=same'],
    volatile: (s) => s.replace(/"CiphertextBlob": "[^"]+"|[A-Za-z0-9+/]{60,}={0,2}/g, mask),
  },
  { name: 'generate-random', args: () => ['generate-random', '--number-of-bytes', '24'], volatile: (s) => s.replace(/[A-Za-z0-9+/]{32}/g, mask) },
  { name: 'get-public-key', args: () => ['get-public-key', '--key-id', eccKeyId] },
  { name: 'list-resource-tags', args: () => ['list-resource-tags', '--key-id', keyId] },
  { name: 'error: describe-key of a missing key', args: () => ['describe-key', '--key-id', '11111111-2222-3333-4444-555555555555'], error: true },
];

async function outputs(args: string[], format: string): Promise<{ direct: Result; viaServer: Result; aws: Result }> {
  const env = clientEnv(sb);
  const awsEnv = { ...env, AWS_CONFIG_FILE: join(sb.dir, 'aws-config') };
  const [direct, viaServer, aws] = [
    await sb.kms([...args, '--output', format]),
    await sb.kms(['--endpoint-url', server.url, ...args, '--output', format], { env }),
    (await execa('aws', ['kms', ...args, '--endpoint-url', server.url, '--output', format], {
      env: awsEnv,
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
    })) as unknown as Result,
  ];
  return { direct, viaServer, aws };
}

describe.skipIf(NO_AWS !== undefined)('kms and aws kms print the same bytes', () => {
  it('lists the timestamp members whose v1 form is changed to v2 form', () => {
    expect(TIMESTAMP_MEMBERS).toContain('CreationDate');
    expect(TIMESTAMP_MEMBERS).toContain('DeletionDate');
    console.info(`serve-same-output: timestamp members printed in ISO 8601 by v1 through cli_timestamp_format: ${TIMESTAMP_MEMBERS.join(', ')}`);
  });

  for (const sc of SCENARIOS) {
    for (const format of FORMATS) {
      it(`${sc.name} --output ${format}`, async () => {
        const { direct, viaServer, aws } = await outputs(sc.args(), format);
        const even = sc.volatile ?? ((s: string) => s);
        if (sc.error) {
          expect(aws.exitCode).toBe(255); // v1's code for a service error (v2: 254)
          expect(direct.exitCode).toBe(254);
          expect(viaServer.exitCode).toBe(254);
          expect(String(direct.stderr)).toBe(String(aws.stderr));
          expect(String(viaServer.stderr)).toBe(String(aws.stderr));
          return;
        }
        const serverLog = () => `\nserver log:\n${server.log().split('\n').slice(-5).join('\n')}`;
        expect(aws.exitCode, String(aws.stderr) + serverLog()).toBe(0);
        expect(direct.exitCode, String(direct.stderr)).toBe(0);
        expect(viaServer.exitCode, String(viaServer.stderr) + serverLog()).toBe(0);
        expect(even(String(viaServer.stdout))).toBe(even(String(aws.stdout)));
        expect(even(String(direct.stdout))).toBe(even(String(aws.stdout)));
      });
    }
  }
});
