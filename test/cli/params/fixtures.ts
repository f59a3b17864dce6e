// A small hand-made API model fragment shaped like KMS's, and a ParamContext over a temp folder.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceModel } from '../../../src/api/types.js';
import { model as kms } from '../../../src/services/kms/model/index.js';
import type { ParamContext } from '../../../src/cli/params/convert.js';

export const mini: ServiceModel = {
  // KMS's metadata (id, protocol, target prefix, …); the shapes and operations are this fragment's
  ...kms,
  shapes: {
    KeyIdType: { type: 'string', min: 1, max: 2048 },
    Str: { type: 'string' },
    TagKeyType: { type: 'string', min: 1, max: 128 },
    Algo: { type: 'string', enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1'] },
    Bytes: { type: 'integer', min: 1, max: 1024 },
    Flag: { type: 'boolean' },
    Data: { type: 'blob', min: 1, max: 4096, sensitive: true },
    When: { type: 'timestamp' },
    Tag: {
      type: 'structure',
      members: { TagKey: { shape: 'TagKeyType', doc: 'The key.' }, TagValue: { shape: 'Str', doc: 'The value.' } },
      required: ['TagKey', 'TagValue'],
    },
    TagList: { type: 'list', member: 'Tag' },
    Tokens: { type: 'list', member: 'Str', max: 10 },
    Ctx: { type: 'map', key: 'Str', value: 'Str' },
    Recipient: {
      type: 'structure',
      members: { KeyEncryptionAlgorithm: { shape: 'Algo' }, AttestationDocument: { shape: 'Data' } },
    },
    Node: { type: 'structure', members: { Name: { shape: 'Str' }, Child: { shape: 'Node' } } },
    Req: {
      type: 'structure',
      members: {
        KeyId: { shape: 'KeyIdType', doc: 'Identifies the key. Any form works.' },
        Plaintext: { shape: 'Data', doc: 'The data to protect.' },
        EncryptionContext: { shape: 'Ctx', doc: 'Extra data bound to the ciphertext.' },
        GrantTokens: { shape: 'Tokens' },
        Algorithm: { shape: 'Algo', doc: 'The algorithm.' },
        NumberOfBytes: { shape: 'Bytes' },
        DryRun: { shape: 'Flag', doc: 'Checks permissions only.' },
        Tags: { shape: 'TagList' },
        Recipient: { shape: 'Recipient' },
        ValidTo: { shape: 'When' },
        Tree: { shape: 'Node' },
      },
      required: ['KeyId', 'Plaintext'],
    },
    Resp: {
      type: 'structure',
      members: { KeyId: { shape: 'KeyIdType' }, CiphertextBlob: { shape: 'Data' }, Tags: { shape: 'TagList' }, Tokens: { shape: 'Tokens' } },
    },
  },
  operations: {
    Op: { name: 'Op', input: 'Req', output: 'Resp', errors: [], doc: 'Test operation.' },
  },
};

/** A temp folder with a few files, and a context whose stdin is `stdin`. */
export function tempContext(stdin = new Uint8Array()): ParamContext & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kms-params-'));
  writeFileSync(join(dir, 'b64.txt'), 'aGVsbG8=\n');
  writeFileSync(join(dir, 'raw.bin'), Uint8Array.from([0, 1, 2, 255]));
  writeFileSync(join(dir, 'crlf.txt'), 'a\r\nb\rc');
  writeFileSync(join(dir, 'latin1.txt'), Uint8Array.from([0xff, 0xfe, 0x41]));
  writeFileSync(join(dir, 'tags.json'), '[{"TagKey": "k", "TagValue": "v"}]');
  writeFileSync(join(dir, 'doc.txt'), 'ZG9j');
  writeFileSync(join(dir, 'num.txt'), '5\n');
  return { dir, cwd: dir, binaryFormat: 'base64', readStdin: async () => stdin, env: { HOME: dir } };
}
