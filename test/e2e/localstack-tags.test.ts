// A fixture written for LocalStack, run on kms by changing the program name: `create-key` with the
// `_custom_id_` and `_custom_key_material_` tags in two fresh keyrings makes the same key, so a
// ciphertext kept in the fixture decrypts in a new environment. The engine's cases:
// test/engine/custom-tags.test.ts.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));

describe('LocalStack fixtures on kms', () => {
  it('the same tags make the same key in two keyrings; the material is no tag and never printed', async () => {
    const [a, b] = await Promise.all([sandbox(), sandbox()]);
    boxes.push(a, b);
    const id = '00000000-0000-4000-8000-000000000001';
    const material = randomBytes(32).toString('base64');
    const tags = JSON.stringify([
      { TagKey: '_custom_id_', TagValue: id },
      { TagKey: '_custom_key_material_', TagValue: material },
    ]);
    const [ra, rb] = await Promise.all([a.kms(['create-key', '--tags', tags]), b.kms(['create-key', '--tags', tags])]);
    for (const r of [ra, rb]) {
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(json(r).KeyMetadata).toMatchObject({ KeyId: id, Origin: 'AWS_KMS', KeyState: 'Enabled' });
    }
    const enc = await a.kms(['encrypt', '--key-id', id, '--plaintext', Buffer.from('kept in a fixture').toString('base64'), '--query', 'CiphertextBlob', '--output', 'text']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const dec = await b.kms(['decrypt', '--ciphertext-blob', String(enc.stdout).trim(), '--query', 'Plaintext', '--output', 'text']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(Buffer.from(String(dec.stdout).trim(), 'base64').toString()).toBe('kept in a fixture');
    const listed = await b.kms(['list-resource-tags', '--key-id', id]);
    expect(json(listed).Tags).toEqual([]);
    const trail = await a.kms(['cloudtrail', 'lookup-events']);
    expect(trail.exitCode, String(trail.stderr)).toBe(0);
    for (const out of [ra, rb, enc, dec, listed, trail]) expect(String(out.stdout) + String(out.stderr)).not.toContain(material);
  });
});
