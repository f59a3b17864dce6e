// The soak's operation mix: what each of its clients does, and what counts as a right answer.
// Every operation either gets the answer it expects or throws SoakError; the few that provoke a
// client error on purpose expect that exact error and return 'client-error'.

/** An answer that was not the one expected: a server-caused error for the soak's count. */
export class SoakError extends Error {}

const b64 = (s) => Buffer.from(s).toString('base64');

/** The request got `status` and, for an error, `__type` = `code`. */
function expectStatus(r, status, code) {
  if (r.status !== status || (code !== undefined && r.body.__type !== code)) {
    throw new SoakError(`expected ${status}${code ? ` ${code}` : ''}, got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  return r.body;
}

/**
 * Each entry: a name, a weight (how often a client picks it), and `run(c)` where `c` is the
 * client: `c.call(op, input, opts)` → { status, body }, `c.key` its own symmetric key id,
 * `c.shared` the keys every client uses, and `c.state` its own memory (ciphertexts, tags, …).
 */
export const OPERATIONS = [
  {
    name: 'Encrypt',
    weight: 16,
    async run(c) {
      const plaintext = b64(`soak ${c.id} ${c.state.n++}`);
      const context = { client: String(c.id) };
      const out = expectStatus(await c.call('Encrypt', { KeyId: c.key, Plaintext: plaintext, EncryptionContext: context }), 200);
      c.state.ciphertexts.push({ blob: out.CiphertextBlob, plaintext, context });
      if (c.state.ciphertexts.length > 32) c.state.ciphertexts.shift();
    },
  },
  {
    name: 'Decrypt',
    weight: 16,
    async run(c) {
      const ct = c.state.ciphertexts[c.state.n % Math.max(1, c.state.ciphertexts.length)];
      if (!ct) return OPERATIONS[0].run(c);
      const out = expectStatus(await c.call('Decrypt', { CiphertextBlob: ct.blob, EncryptionContext: ct.context }), 200);
      if (out.Plaintext !== ct.plaintext) throw new SoakError('Decrypt returned another plaintext');
    },
  },
  {
    name: 'GenerateDataKey',
    weight: 8,
    async run(c) {
      const out = expectStatus(await c.call('GenerateDataKey', { KeyId: c.key, KeySpec: 'AES_256' }), 200);
      if (Buffer.from(out.Plaintext, 'base64').length !== 32) throw new SoakError('GenerateDataKey: not 32 bytes');
    },
  },
  {
    name: 'DescribeKey',
    weight: 8,
    async run(c) {
      const out = expectStatus(await c.call('DescribeKey', { KeyId: c.key }), 200);
      if (out.KeyMetadata.KeyId !== c.key) throw new SoakError('DescribeKey: another key');
    },
  },
  {
    name: 'ListKeys',
    weight: 3,
    async run(c) {
      const out = expectStatus(await c.call('ListKeys', { Limit: 50 }), 200);
      if (!Array.isArray(out.Keys) || out.Keys.length === 0) throw new SoakError('ListKeys: no keys');
    },
  },
  {
    name: 'TagResource',
    weight: 4,
    async run(c) {
      const tag = { TagKey: `t${c.state.n++ % 8}`, TagValue: `v${c.state.n}` };
      expectStatus(await c.call('TagResource', { KeyId: c.key, Tags: [tag] }), 200);
      c.state.tags.set(tag.TagKey, tag.TagValue);
    },
  },
  {
    name: 'ListResourceTags',
    weight: 4,
    async run(c) {
      const out = expectStatus(await c.call('ListResourceTags', { KeyId: c.key }), 200);
      for (const [k, v] of c.state.tags) {
        if (!out.Tags.some((t) => t.TagKey === k && t.TagValue === v)) throw new SoakError(`ListResourceTags: ${k}=${v} missing`);
      }
    },
  },
  {
    name: 'UntagResource',
    weight: 2,
    async run(c) {
      const key = [...c.state.tags.keys()][0];
      if (key === undefined) return;
      expectStatus(await c.call('UntagResource', { KeyId: c.key, TagKeys: [key] }), 200);
      c.state.tags.delete(key);
    },
  },
  {
    name: 'GenerateRandom',
    weight: 4,
    async run(c) {
      const out = expectStatus(await c.call('GenerateRandom', { NumberOfBytes: 64 }), 200);
      if (Buffer.from(out.Plaintext, 'base64').length !== 64) throw new SoakError('GenerateRandom: not 64 bytes');
    },
  },
  {
    name: 'Sign+Verify',
    weight: 4,
    async run(c) {
      const message = b64(`message ${c.id} ${c.state.n++}`);
      const base = { KeyId: c.shared.signKey, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' };
      const sig = expectStatus(await c.call('Sign', base), 200);
      const ok = expectStatus(await c.call('Verify', { ...base, Signature: sig.Signature }), 200);
      if (ok.SignatureValid !== true) throw new SoakError('Verify: not valid');
    },
  },
  {
    name: 'GenerateMac+VerifyMac',
    weight: 4,
    async run(c) {
      const base = { KeyId: c.shared.macKey, Message: b64(`mac ${c.id}`), MacAlgorithm: 'HMAC_SHA_256' };
      const mac = expectStatus(await c.call('GenerateMac', base), 200);
      const ok = expectStatus(await c.call('VerifyMac', { ...base, Mac: mac.Mac }), 200);
      if (ok.MacValid !== true) throw new SoakError('VerifyMac: not valid');
    },
  },
  {
    name: 'CreateKey+ScheduleKeyDeletion',
    weight: 1,
    async run(c) {
      // bounded: the keyring's key count may not grow without end over a long soak
      if (c.state.created >= c.maxKeys) return OPERATIONS[3].run(c);
      c.state.created++;
      const out = expectStatus(await c.call('CreateKey', { Description: `soak ${c.id}` }), 200);
      const del = expectStatus(await c.call('ScheduleKeyDeletion', { KeyId: out.KeyMetadata.KeyId, PendingWindowInDays: 7 }), 200);
      if (del.KeyState !== 'PendingDeletion') throw new SoakError('ScheduleKeyDeletion: not pending');
    },
  },
  // The client's own mistakes, on purpose: each must get its exact 4xx, and counts as a client error.
  {
    name: 'DescribeKey (no such key)',
    weight: 1,
    async run(c) {
      expectStatus(await c.call('DescribeKey', { KeyId: '00000000-0000-4000-8000-000000000000' }), 400, 'NotFoundException');
      return 'client-error';
    },
  },
  {
    name: 'Decrypt (tampered ciphertext)',
    weight: 1,
    async run(c) {
      const ct = c.state.ciphertexts.at(-1);
      if (!ct) return OPERATIONS[0].run(c);
      const bytes = Buffer.from(ct.blob, 'base64');
      bytes[bytes.length - 1] ^= 1;
      expectStatus(await c.call('Decrypt', { CiphertextBlob: bytes.toString('base64'), EncryptionContext: ct.context }), 400, 'InvalidCiphertextException');
      return 'client-error';
    },
  },
  {
    name: 'Encrypt (wrong secret)',
    weight: 1,
    async run(c) {
      expectStatus(await c.call('Encrypt', { KeyId: c.key, Plaintext: b64('x') }, { wrongSecret: true }), 400, 'InvalidSignatureException');
      return 'client-error';
    },
  },
  {
    name: 'Encrypt (plaintext over 4096 bytes)',
    weight: 1,
    async run(c) {
      expectStatus(await c.call('Encrypt', { KeyId: c.key, Plaintext: Buffer.alloc(4097).toString('base64') }), 400, 'ValidationException');
      return 'client-error';
    },
  },
];

/** Picks operations by weight, from a counter (the mix is the same on every run). */
export function picker() {
  const table = OPERATIONS.flatMap((op) => Array(op.weight).fill(op));
  let i = 0;
  // a stride coprime with the table's length walks every entry, interleaved
  const stride = [7, 11, 13, 17, 19, 23].find((s) => table.length % s !== 0);
  return () => table[(i = (i + stride) % table.length)];
}
