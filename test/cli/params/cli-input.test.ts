import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeCliInput, readCliInput } from '../../../src/cli/params/cli-input.js';
import { validateClientSide } from '../../../src/cli/params/client-validate.js';
import { generateSkeleton } from '../../../src/cli/params/skeleton.js';
import { LocalError } from '../../../src/errors.js';
import { mini, tempContext } from './fixtures.js';

const b = (s: string) => new TextEncoder().encode(s);

async function failure(p: Promise<unknown>): Promise<LocalError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LocalError);
  return e as LocalError;
}

describe('--cli-input-json / --cli-input-yaml', () => {
  const ctx = tempContext();

  it('fills in what the flags did not set; flags win; blob text is base64', async () => {
    const doc = await readCliInput('{"KeyId": "from-json", "Plaintext": "aGk=", "ValidTo": "2024-01-01T00:00:00Z"}', undefined, ctx);
    const merged = mergeCliInput(mini, 'Op', doc, { KeyId: 'from-flag' });
    expect(merged).toEqual({ KeyId: 'from-flag', Plaintext: b('hi'), ValidTo: new Date('2024-01-01T00:00:00Z') });
  });

  it('keeps blob text raw under raw-in-base64-out', async () => {
    const doc = await readCliInput('{"Plaintext": "hi", "Recipient": {"AttestationDocument": "doc"}}', undefined, { ...ctx, binaryFormat: 'raw-in-base64-out' });
    expect(mergeCliInput(mini, 'Op', doc, {})).toEqual({ Plaintext: b('hi'), Recipient: { AttestationDocument: b('doc') } });
  });

  it('reads file:// and YAML with !!binary and comments', async () => {
    writeFileSync(join(ctx.dir, 'in.json'), '{"KeyId": "k", "Tags": [{"TagKey": "a", "TagValue": "b"}]}');
    const doc = await readCliInput('file://in.json', undefined, ctx);
    expect(mergeCliInput(mini, 'Op', doc, {})).toEqual({ KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    const y = await readCliInput(undefined, "KeyId: k  # a comment\nPlaintext: !!binary aGk=\nDryRun: true\n", ctx);
    expect(mergeCliInput(mini, 'Op', y, {})).toEqual({ KeyId: 'k', Plaintext: b('hi'), DryRun: true });
  });

  it('round-trips the yaml-input skeleton', async () => {
    const y = await readCliInput(undefined, generateSkeleton(mini, 'Op', 'yaml-input'), ctx);
    const merged = mergeCliInput(mini, 'Op', y, {});
    expect(merged.Plaintext).toEqual(new Uint8Array());
    expect(merged.ValidTo).toEqual(new Date(0));
    expect(() => validateClientSide(mini, 'Op', merged)).toThrow('Invalid length for parameter KeyId, value: 0, valid min length: 1');
  });

  it('gives nothing without either flag', async () => {
    expect(await readCliInput(undefined, undefined, ctx)).toBeUndefined();
    expect(mergeCliInput(mini, 'Op', undefined, { KeyId: 'k' })).toEqual({ KeyId: 'k' });
  });

  it.each([
    ['both flags', '{}', 'a: 1', 'Only one --cli-input- parameter may be specified.', 252],
    ['bad JSON', '{"a":', undefined, "Error parsing parameter 'cli-input-json': Invalid JSON received.", 252],
    ['bad YAML', undefined, 'a: [1', "Error parsing parameter 'cli-input-yaml': Invalid YAML received.", 252],
    ['not a map', '[1]', undefined, "Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>", 252],
    ['empty YAML', undefined, '', "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'NoneType'>", 252],
    ['missing file', 'file://nope.json', undefined, "Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'", 255],
  ])('%s', async (_l, json, yaml, message, code) => {
    const e = await failure(readCliInput(json, yaml, ctx));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(code);
  });

  it('reports invalid base64 in the document (exit 255) and unknown members in validation', async () => {
    const doc = await readCliInput('{"Plaintext": "not base64!"}', undefined, ctx);
    expect(() => mergeCliInput(mini, 'Op', doc, {})).toThrow('Invalid base64: "not base64!"');
    const doc2 = await readCliInput('{"KeyId": "k", "Plaintext": "aGk=", "Foo": 1}', undefined, ctx);
    expect(() => validateClientSide(mini, 'Op', mergeCliInput(mini, 'Op', doc2, {}))).toThrow(
      'Parameter validation failed:\nUnknown parameter in input: "Foo", must be one of: KeyId, Plaintext, EncryptionContext, GrantTokens, Algorithm, NumberOfBytes, DryRun, Tags, Recipient, ValidTo, Tree',
    );
  });
});
