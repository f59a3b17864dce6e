// End to end through bin/kms: the AWS CLI conventions (formats, --query, pagination, skeletons,
// --cli-input-json/yaml, shorthand) and exit codes, on one keyring with a few keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
const ids: string[] = [];

beforeAll(async () => {
  sb = await sandbox();
  for (let i = 0; i < 5; i++) {
    const r = await sb.kms(['create-key', '--description', `key ${i}`]);
    ids.push(json(r).KeyMetadata.KeyId);
  }
  ids.sort();
});
afterAll(() => sb.cleanup());

describe('output formats', () => {
  it('text prints tab-separated rows with upper-cased list names', async () => {
    const r = await sb.kms(['list-keys', '--output', 'text']);
    const lines = String(r.stdout).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^KEYS\tarn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}\t[0-9a-f-]{36}$/);
  });

  it('table has the operation as its title', async () => {
    const r = await sb.kms(['describe-key', '--key-id', ids[0]!, '--output', 'table']);
    const lines = String(r.stdout).split('\n');
    expect(lines[1]).toMatch(/^\|\s+DescribeKey\s+\|$/);
    expect(String(r.stdout)).toContain('KeyMetadata');
  });

  it('yaml sorts keys and quotes timestamps as AWS CLI v2 does', async () => {
    const r = await sb.kms(['describe-key', '--key-id', ids[0]!, '--output', 'yaml']);
    expect(String(r.stdout)).toMatch(/^KeyMetadata:\n  AWSAccountId: '111122223333'\n  Arn: arn:aws:kms:/);
    expect(String(r.stdout)).toMatch(/CreationDate: '\d{4}-\d\d-\d\dT[\d:.]+\+00:00'/);
  });

  it('the output setting is the default format', async () => {
    expect((await sb.kms(['configure', 'set', 'output', 'text'])).exitCode).toBe(0);
    const r = await sb.kms(['list-keys']);
    expect(String(r.stdout)).toMatch(/^KEYS\t/);
    expect((await sb.kms(['configure', 'unset', 'output'])).exitCode).toBe(0);
    expect(String((await sb.kms(['list-keys'])).stdout)).toMatch(/^\{/);
  });

  it('--query with --output text gives one value a line for shell loops', async () => {
    const r = await sb.kms(['list-keys', '--query', 'Keys[].KeyId', '--output', 'text']);
    expect(String(r.stdout).trim().split('\t').sort()).toEqual(ids);
  });

  it('a bad --query exits 252 with the AWS CLI text', async () => {
    const r = await sb.kms(['list-keys', '--query', 'Keys[']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toContain('Bad value for --query Keys[');
  });
});

describe('pagination', () => {
  it('lists everything by default, across pages', async () => {
    const r = json(await sb.kms(['list-keys', '--page-size', '2']));
    expect(r.Keys.map((k: { KeyId: string }) => k.KeyId).sort()).toEqual(ids);
    expect(r.NextToken).toBeUndefined();
  });

  it('--max-items prints a NextToken that --starting-token resumes from', async () => {
    const first = json(await sb.kms(['list-keys', '--max-items', '2']));
    expect(first.Keys).toHaveLength(2);
    expect(typeof first.NextToken).toBe('string');
    const rest = json(await sb.kms(['list-keys', '--starting-token', first.NextToken]));
    const all = [...first.Keys, ...rest.Keys].map((k: { KeyId: string }) => k.KeyId).sort();
    expect(all).toEqual(ids);
  });

  it('--no-paginate makes one call and shows the service paging members', async () => {
    const r = json(await sb.kms(['list-keys', '--no-paginate', '--limit', '2']));
    expect(r.Keys).toHaveLength(2);
    expect(r.Truncated).toBe(true);
    expect(typeof r.NextMarker).toBe('string');
  });

  it('--no-paginate with --max-items is refused', async () => {
    const r = await sb.kms(['list-keys', '--no-paginate', '--max-items', '2']);
    expect(r.exitCode).not.toBe(0);
    expect(String(r.stderr)).toContain('Cannot specify --no-paginate along with pagination arguments: --max-items');
  });
});

describe('skeletons and --cli-input-json/yaml', () => {
  it('--generate-cli-skeleton prints the input members as JSON', async () => {
    const r = await sb.kms(['encrypt', '--generate-cli-skeleton']);
    expect(r.exitCode).toBe(0);
    const skel = JSON.parse(String(r.stdout));
    expect(Object.keys(skel)).toEqual(['KeyId', 'Plaintext', 'EncryptionContext', 'GrantTokens', 'EncryptionAlgorithm', 'DryRun']);
  });

  it('--generate-cli-skeleton output and yaml-input work without a keyring', async () => {
    const out = await sb.kms(['encrypt', '--generate-cli-skeleton', 'output'], { env: { ...sb.env, KMS_KEYRING: join(sb.dir, 'none.db') } });
    expect(Object.keys(JSON.parse(String(out.stdout)))).toEqual(['CiphertextBlob', 'KeyId', 'EncryptionAlgorithm']);
    const y = await sb.kms(['encrypt', '--generate-cli-skeleton', 'yaml-input']);
    expect(String(y.stdout)).toMatch(/^KeyId: ''/m);
  });

  it('--cli-input-json supplies the parameters, flags win', async () => {
    const file = join(sb.dir, 'in.json');
    writeFileSync(file, JSON.stringify({ KeyId: 'alias/none', Plaintext: 'aGVsbG8=' }));
    const r = await sb.kms(['encrypt', '--cli-input-json', `file://${file}`, '--key-id', ids[0]!]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(json(r).KeyId).toContain(ids[0]!);
  });

  it('--cli-input-yaml works inline', async () => {
    const r = await sb.kms(['encrypt', '--cli-input-yaml', `KeyId: ${ids[1]}\nPlaintext: aGVsbG8=\n`]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
  });

  it('a missing member in --cli-input-json is botocore\'s validation error, exit 252', async () => {
    const r = await sb.kms(['encrypt', '--cli-input-json', '{"Plaintext": "aGVsbG8="}']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toBe('\nParameter validation failed:\nMissing required parameter in input: "KeyId"\n');
  });
});

describe('shorthand', () => {
  it('tags as a list of shorthand structures, and JSON', async () => {
    const id = ids[2]!;
    let r = await sb.kms(['tag-resource', '--key-id', id, '--tags', 'TagKey=a,TagValue=1', 'TagKey=b,TagValue=x y']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    r = await sb.kms(['tag-resource', '--key-id', id, '--tags', '[{"TagKey":"c","TagValue":""}]']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const tags = json(await sb.kms(['list-resource-tags', '--key-id', id])).Tags;
    expect(tags).toEqual([
      { TagKey: 'a', TagValue: '1' },
      { TagKey: 'b', TagValue: 'x y' },
      { TagKey: 'c', TagValue: '' },
    ]);
  });

  it('quoted values keep commas and equals signs', async () => {
    const enc = json(await sb.kms(['encrypt', '--key-id', ids[0]!, '--plaintext', 'YQ==', '--encryption-context', `k="a,b=c",z='q'`]));
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', enc.CiphertextBlob, '--encryption-context', '{"k":"a,b=c","z":"q"}']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
  });

  it('a malformed shorthand names the parameter, exit 252', async () => {
    const r = await sb.kms(['encrypt', '--key-id', ids[0]!, '--plaintext', 'YQ==', '--encryption-context', 'a']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toMatch(/^\nError parsing parameter '--encryption-context': Expected: '=', received: 'EOF' for input:/);
  });
});

describe('exit codes', () => {
  it('252 for an enum value the model does not have', async () => {
    const r = await sb.kms(['create-key', '--key-usage', 'NOPE']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toContain("kms: error: argument --key-usage: Invalid choice: 'NOPE'");
  });

  it('252 for an unknown option', async () => {
    const r = await sb.kms(['list-keys', '--bogus']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toContain('kms: error: Unknown options: --bogus');
  });

  it('254 for a server-side validation error', async () => {
    const r = await sb.kms(['generate-random', '--number-of-bytes', '1025']);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toBe(
      "\nAn error occurred (ValidationException) when calling the GenerateRandom operation: 1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024\n",
    );
  });

  it('253 for a damaged keyring file, with error: and hint:', async () => {
    const bad = join(sb.dir, 'bad.db');
    writeFileSync(bad, 'not a keyring at all');
    const r = await sb.kms(['list-keys'], { env: { ...sb.env, KMS_KEYRING: bad } });
    expect(r.exitCode).toBe(253);
    expect(String(r.stderr)).toMatch(/^error: .*\nhint: /);
  });
});

describe('--debug and --color', () => {
  it('--debug logs to stderr without the plaintext, the passphrase or the response', async () => {
    const secret = Buffer.from('top secret plaintext').toString('base64');
    const r = await sb.kms(['--debug', 'encrypt', '--key-id', ids[0]!, '--plaintext', secret]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const err = String(r.stderr);
    expect(err).toMatch(/kms debug .*operation Encrypt/);
    for (const s of [secret, 'top secret', sb.env.KMS_PASSPHRASE!, json(r).CiphertextBlob]) expect(err).not.toContain(s);
  });

  it('--color on colours table borders; off and pipes do not', async () => {
    const on = await sb.kms(['list-keys', '--output', 'table', '--color', 'on']);
    expect(String(on.stdout)).toContain('\u001b[');
    const off = await sb.kms(['list-keys', '--output', 'table', '--color', 'off']);
    expect(String(off.stdout)).not.toContain('\u001b[');
    const auto = await sb.kms(['list-keys', '--output', 'table']);
    expect(String(auto.stdout)).not.toContain('\u001b[');
  });

  it('error: and hint: are coloured with --color on, plain otherwise', async () => {
    const bad = join(sb.dir, 'bad2.db');
    writeFileSync(bad, 'nope');
    const env = { ...sb.env, KMS_KEYRING: bad };
    expect(String((await sb.kms(['--color', 'on', 'list-keys'], { env })).stderr)).toMatch(/^\u001b\[31m\u001b\[1merror:/);
    expect(String((await sb.kms(['list-keys'], { env })).stderr)).toMatch(/^error:/);
  });
});

describe('concurrency', () => {
  it('8 concurrent create-key calls leave 8 more keys', async () => {
    const before = json(await sb.kms(['list-keys'])).Keys.length;
    const runs = await Promise.all(Array.from({ length: 8 }, () => sb.kms(['create-key'])));
    for (const r of runs) expect(r.exitCode, String(r.stderr)).toBe(0);
    const after = json(await sb.kms(['list-keys'])).Keys.length;
    expect(after).toBe(before + 8);
  });
});
