// ML-DSA interop with an independent implementation: pyca/cryptography (48+, on OpenSSL 3.5+) reads
// our PKCS#8 and SPKI, verifies our RAW and EXTERNAL_MU signatures, and we accept its keys and signatures.
// (The openssl 3.0 CLI here has no ML-DSA.) Skips with a printed reason where Python lacks ML-DSA.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { externalMu, ready, specs } from '../../src/crypto/ml-dsa.js';
import { seededRandom } from '../support/random.js';

const PROBE = 'from cryptography.hazmat.primitives.asymmetric import mldsa; mldsa.MLDSA44PrivateKey.generate()';
const probe = spawnSync('python3', ['-c', PROBE], { encoding: 'utf8' });
const hasPyMlDsa = probe.status === 0;
if (!hasPyMlDsa) console.warn(`skipping ML-DSA interop: python3 with ML-DSA in pyca/cryptography is missing (${(probe.stderr ?? String(probe.error)).trim().split('\n').pop()})`);

// Reads cases on stdin; for each: what Python derives from our keys, whether each of our signatures
// verifies (RAW semantics: pure ML-DSA, empty context), and a key pair and signature of its own.
const SCRIPT = `
import sys, json
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import mldsa
CLS = {'ML_DSA_44': mldsa.MLDSA44PrivateKey, 'ML_DSA_65': mldsa.MLDSA65PrivateKey, 'ML_DSA_87': mldsa.MLDSA87PrivateKey}
DER, SPKI, P8 = s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo, s.PrivateFormat.PKCS8
out = []
for c in json.load(sys.stdin):
    priv = s.load_der_private_key(bytes.fromhex(c['pkcs8']), None)
    pub = s.load_der_public_key(bytes.fromhex(c['spki']))
    msg = bytes.fromhex(c['msg'])
    def ok(sig):
        try:
            pub.verify(bytes.fromhex(sig), msg)
            return True
        except InvalidSignature:
            return False
    mine = CLS[c['spec']].generate()
    out.append({
        'spki': priv.public_key().public_bytes(DER, SPKI).hex(),
        'verifies': [ok(x) for x in c['sigs']],
        'theirPkcs8': mine.private_bytes(DER, P8, s.NoEncryption()).hex(),
        'theirSpki': mine.public_key().public_bytes(DER, SPKI).hex(),
        'theirSig': mine.sign(msg).hex(),
    })
print(json.dumps(out))
`;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const ALG = 'ML_DSA_SHAKE_256';

describe.skipIf(!hasPyMlDsa)('ML-DSA interop with pyca/cryptography', () => {
  it('both ways, for ML_DSA_44/65/87: keys, RAW and EXTERNAL_MU signatures', async () => {
    await ready();
    const random = seededRandom('interop');
    const msg = random(3000);
    const cases = specs.map((s) => {
      const pkcs8 = s.generateMaterial(random);
      const spki = s.publicKey!(pkcs8);
      const raw = s.signer!.sign(pkcs8, ALG, msg, 'RAW', random);
      const viaMu = s.signer!.sign(pkcs8, ALG, externalMu(spki, msg), 'EXTERNAL_MU', random);
      const flipped = Uint8Array.from(raw);
      flipped[7]! ^= 0x10;
      return { spec: s.spec, pkcs8: hex(pkcs8), spki: hex(spki), msg: hex(msg), sigs: [hex(raw), hex(viaMu), hex(flipped)] };
    });
    const r = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { spki: string; verifies: boolean[]; theirPkcs8: string; theirSpki: string; theirSig: string }[];
    expect(results.length).toBe(3);
    results.forEach((res, i) => {
      const s = specs[i]!;
      const c = cases[i]!;
      // Python derives the same public key from our PKCS#8, and verifies ours (not the flipped one)
      expect(res.spki).toBe(c.spki);
      expect(res.verifies).toEqual([true, true, false]);
      // OpenSSL 3.5+ writes the same seed form we write, and we read it
      expect(res.theirPkcs8.slice(0, 44)).toBe(c.pkcs8.slice(0, 44));
      expect(hex(s.publicKey!(bytes(res.theirPkcs8)))).toBe(res.theirSpki);
      const theirSpki = bytes(res.theirSpki);
      const theirSig = bytes(res.theirSig);
      expect(s.signer!.verify(theirSpki, ALG, msg, 'RAW', theirSig)).toBe(true);
      expect(s.signer!.verify(theirSpki, ALG, externalMu(theirSpki, msg), 'EXTERNAL_MU', theirSig)).toBe(true);
      expect(s.signer!.verify(theirSpki, ALG, msg.subarray(1), 'RAW', theirSig)).toBe(false);
    });
  });
});
