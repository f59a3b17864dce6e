import { describe, expect, it } from 'vitest';
import { model } from '../../../src/services/kms/model/index.js';
import { parseParam, parseTimestamp } from '../../../src/cli/params/convert.js';
import { LocalError } from '../../../src/errors.js';
import { mini, tempContext } from './fixtures.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const member = (name: string) => mini.shapes.Req!.type === 'structure' && (mini.shapes.Req as { members: Record<string, { shape: string }> }).members[name]!.shape;

type Raw = string | string[] | boolean;

const VALUES: [string, string, Raw, unknown][] = [
  ['string', 'KeyId', 'alias/x', 'alias/x'],
  ['integer', 'NumberOfBytes', '32', 32],
  ['integer with spaces and underscores', 'NumberOfBytes', ' 1_024 ', 1024],
  ['integer from file', 'NumberOfBytes', 'file://num.txt', 5],
  ['boolean flag', 'DryRun', true, true],
  ['boolean --no- flag', 'DryRun', false, false],
  ['blob as base64', 'Plaintext', 'aGVsbG8=', bytes('hello')],
  ['blob base64 ignoring junk characters', 'Plaintext', 'aGVs bG8=', bytes('hello')],
  ['blob empty', 'Plaintext', '', new Uint8Array()],
  ['blob fileb:// raw bytes', 'Plaintext', 'fileb://raw.bin', Uint8Array.from([0, 1, 2, 255])],
  ['blob file:// text, then base64', 'Plaintext', 'file://b64.txt', bytes('hello')],
  ['list of strings', 'GrantTokens', ['a', 'b'], ['a', 'b']],
  ['list of strings as JSON', 'GrantTokens', ['["a", "b"]'], ['a', 'b']],
  ['list of structures, shorthand', 'Tags', ['TagKey=a,TagValue=b', 'TagKey=c,TagValue=d'], [{ TagKey: 'a', TagValue: 'b' }, { TagKey: 'c', TagValue: 'd' }]],
  ['list of structures, JSON list', 'Tags', ['[{"TagKey":"a","TagValue":"b"}]'], [{ TagKey: 'a', TagValue: 'b' }]],
  ['list of structures, JSON per element', 'Tags', ['{"TagKey":"a"}', '{"TagKey":"b"}'], [{ TagKey: 'a' }, { TagKey: 'b' }]],
  ['list of structures from file', 'Tags', ['file://tags.json'], [{ TagKey: 'k', TagValue: 'v' }]],
  ['map, shorthand', 'EncryptionContext', 'a=b,c=d', { a: 'b', c: 'd' }],
  ['map, shorthand empty value', 'EncryptionContext', 'k=', { k: '' }],
  ['map, shorthand value list', 'EncryptionContext', 'a=b,c', { a: ['b', 'c'] }],
  ['map, JSON', 'EncryptionContext', ' {"a": "b"}', { a: 'b' }],
  ['structure with a blob member', 'Recipient', 'KeyEncryptionAlgorithm=RSAES_OAEP_SHA_1,AttestationDocument=aGk=', { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', AttestationDocument: bytes('hi') }],
  ['structure, @= loads a file', 'Recipient', 'AttestationDocument@=fileb://raw.bin', { AttestationDocument: Uint8Array.from([0, 1, 2, 255]) }],
  ['structure, @=file:// then base64', 'Recipient', 'AttestationDocument@=file://doc.txt', { AttestationDocument: bytes('doc') }],
  ['timestamp ISO 8601', 'ValidTo', '2024-01-02T03:04:05Z', new Date('2024-01-02T03:04:05Z')],
  ['timestamp epoch seconds', 'ValidTo', '1700000000', new Date(1700000000 * 1000)],
  ['timestamp that does not parse stays text', 'ValidTo', 'soon', 'soon'],
];

describe('parseParam values', () => {
  const ctx = tempContext();
  it.each(VALUES)('%s', async (_label, name, raw, expected) => {
    const got = await parseParam(mini, member(name) as string, '--x', raw, ctx);
    expect(got).toEqual(expected);
  });

  it('raw-in-base64-out takes blob text as UTF-8', async () => {
    const raw = { ...ctx, binaryFormat: 'raw-in-base64-out' as const };
    expect(await parseParam(mini, 'Data', '--plaintext', 'héllo', raw)).toEqual(bytes('héllo'));
    expect(await parseParam(mini, 'Data', '--plaintext', 'fileb://raw.bin', raw)).toEqual(Uint8Array.from([0, 1, 2, 255]));
  });

  it('fileb://- and fileb:///dev/stdin read stdin', async () => {
    const c = tempContext(bytes('from stdin'));
    expect(await parseParam(mini, 'Data', '--plaintext', 'fileb://-', c)).toEqual(bytes('from stdin'));
    expect(await parseParam(mini, 'Data', '--plaintext', 'fileb:///dev/stdin', c)).toEqual(bytes('from stdin'));
  });

  it('file:// reads text with universal newlines, ~ and $VAR expanded', async () => {
    expect(await parseParam(mini, 'Str', '--x', 'file://crlf.txt', ctx)).toBe('a\nb\nc');
    expect(await parseParam(mini, 'Str', '--x', 'file://~/crlf.txt', ctx)).toBe('a\nb\nc');
    expect(await parseParam(mini, 'Str', '--x', 'file://$HOME/crlf.txt', ctx)).toBe('a\nb\nc');
  });

  it('works on the real KMS model', async () => {
    const enc = model.operations.Encrypt;
    if (!enc) return;
    const input = model.shapes[enc.input] as { members: Record<string, { shape: string }> };
    const ctxShape = input.members.EncryptionContext!.shape;
    expect(await parseParam(model, ctxShape, '--encryption-context', 'purpose=test,app=x', ctx)).toEqual({ purpose: 'test', app: 'x' });
    expect(await parseParam(model, input.members.Plaintext!.shape, '--plaintext', 'aGk=', ctx)).toEqual(bytes('hi'));
  });
});

const ERRORS: [string, string, Raw, string, number][] = [
  ['integer not a number', 'NumberOfBytes', 'abc', "invalid literal for int() with base 10: 'abc'", 255],
  ['blob not base64', 'Plaintext', 'hello world!', 'Invalid base64: "hello world!"', 255],
  ['blob base64 with one dangling character', 'Plaintext', 'abcde', 'Invalid base64: "abcde"', 255],
  ['blob non-ASCII', 'Plaintext', 'héllo', 'string argument should contain only ASCII characters', 255],
  ['missing file', 'Plaintext', 'file://nope.txt', "Error parsing parameter '--x': Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'", 252],
  ['a folder', 'Plaintext', 'fileb://.', "Error parsing parameter '--x': Unable to load paramfile fileb://.: [Errno 21] Is a directory: '.'", 252],
  ['binary file as text', 'KeyId', 'file://latin1.txt', "Error parsing parameter '--x': Unable to load paramfile (latin1.txt), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.", 252],
  ['bad JSON', 'EncryptionContext', '{"a":', 'Error parsing parameter \'--x\': Invalid JSON: Expecting value: line 1 column 6 (char 5)\nJSON received: {"a":', 252],
  ['bad shorthand', 'Tags', ['TagKey'], "Error parsing parameter '--x': Expected: '=', received: 'EOF' for input:\nTagKey\n      ^", 252],
  ['JSON then shorthand', 'Tags', ['{"TagKey":"a"}', 'TagKey=b'], "Error parsing parameter '--x': Invalid JSON:\nTagKey=b", 252],
  ['duplicate shorthand key', 'EncryptionContext', 'a=1,a=2', 'Error parsing parameter \'--x\': Second instance of key "a" encountered for input:\na=1,a=2\n    ^\nThis is often because there is a preceding "," instead of a space.', 252],
  ['missing @= file', 'Recipient', 'AttestationDocument@=fileb://none', "Unable to load paramfile fileb://none: [Errno 2] No such file or directory: 'none'", 255],
];

describe('parseParam errors', () => {
  const ctx = tempContext();
  it.each(ERRORS)('%s', async (_label, name, raw, message, exitCode) => {
    const err = await parseParam(mini, member(name) as string, '--x', raw, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocalError);
    expect((err as LocalError).message).toBe(message);
    expect((err as LocalError).exitCode).toBe(exitCode);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-01-02', '2024-01-02T00:00:00.000Z'],
    ['2024-01-02T03:04:05', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.5+02:00', '2024-01-02T01:04:05.500Z'],
    ['20240102T030405Z', '2024-01-02T03:04:05.000Z'],
    ['1700000000.5', '2023-11-14T22:13:20.500Z'],
    ['Tue, 02 Jan 2024 03:04:05 GMT', '2024-01-02T03:04:05.000Z'],
  ])('%s', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(iso);
  });
  it('rejects text that is no date', () => expect(parseTimestamp('next week')).toBeUndefined());
});
