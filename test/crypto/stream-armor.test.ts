// Armor (--armor): the PEM-like text form round-trips and is strict on decode.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { Collect } from '../support/collect.js';
import { armorDecoder, armorEncoder, decryptStream, encryptStream, StreamError } from '../../src/crypto/stream.js';

const KEY = new Uint8Array(32).fill(5);

function pieces(buf: Uint8Array, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(Buffer.from(buf.subarray(i, i + size)));
  return Readable.from(parts);
}

async function armor(bin: Uint8Array, size = 100): Promise<string> {
  const out = new Collect();
  await pipeline(pieces(bin, size), armorEncoder(), out);
  return out.data.toString('latin1');
}

async function dearmor(text: string, size = 70): Promise<Buffer> {
  const out = new Collect();
  await pipeline(pieces(Buffer.from(text, 'latin1'), size), armorDecoder(), out);
  return out.data;
}

describe('armor', () => {
  it('round-trips every length class, in any chunking, with 64-character lines', async () => {
    for (const n of [0, 1, 2, 3, 47, 48, 49, 96, 1000, 100_000]) {
      const bin = randomBytes(n);
      const text = await armor(bin, 1 + (n % 97));
      const lines = text.split('\n');
      expect(lines[0]).toBe('-----BEGIN KMS ENCRYPTED STREAM-----');
      expect(lines.at(-2)).toBe('-----END KMS ENCRYPTED STREAM-----');
      expect(lines.at(-1)).toBe('');
      for (const l of lines.slice(1, -3)) expect(l).toHaveLength(64);
      for (const size of [1, 7, 65, 4096]) expect((await dearmor(text, size)).equals(bin)).toBe(true);
    }
  });

  it('an armored stream decrypts', async () => {
    const pt = randomBytes(5000);
    const bin = new Collect();
    await encryptStream(Readable.from([pt]), bin, {
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      wrappingAlgorithm: 'SM2PKE',
      encryptedDataKey: new Uint8Array(140).fill(1),
      encryptionContext: {},
      frameSize: 1024,
      dataKey: KEY,
      random: (n) => randomBytes(n),
    });
    const text = await armor(bin.data);
    const out = new Collect();
    const decoded = pieces(Buffer.from(text), 50).pipe(armorDecoder());
    await decryptStream(decoded, out, { unwrapDataKey: async () => KEY });
    expect(out.data.equals(pt)).toBe(true);
  });

  it('damaged armor is StreamError', async () => {
    const good = await armor(randomBytes(199)); // 199 bytes: the last group is "xx=="
    const lines = good.split('\n');
    const bad: string[] = [
      '',
      good.slice(0, -40), // truncated: no END line
      good.replace('BEGIN', 'BEGIM'),
      good.replace('END KMS', 'END KNS'),
      ' ' + good, // leading space
      good + 'x', // bytes after END
      good + '\n', // an extra line after END
      good.replaceAll('\n', '\r\n'),
      [lines[0], lines[1]!.slice(0, 60), ...lines.slice(2)].join('\n'), // a short line in the middle
      [lines[0], lines[1] + 'AAAA', ...lines.slice(2)].join('\n'), // an overlong line
      [lines[0], lines[1]!.replace(/^./, '*'), ...lines.slice(2)].join('\n'), // not base64
      [lines[0], lines[1], '', ...lines.slice(2)].join('\n'), // an empty line
      good.replace(/[A-Za-z0-9+/]{2}==\n/, (m) => m.slice(0, 1) + 'B==\n'), // non-canonical padding bits
      lines[0] + '\n' + lines.at(-2) + '\n' + lines[1] + '\n', // body after END
    ];
    for (const [i, text] of bad.entries()) {
      await expect(dearmor(text), `case ${i}`).rejects.toThrow(StreamError);
    }
  });
});
