// The X.509 building blocks (src/crypto/x509): DER as X.690 requires it, names from both string
// forms, subject alternative names, and the signature AlgorithmIdentifiers byte for byte as the
// CA/Browser Forum's baseline requirements (§7.1.3.2) and OpenSSL write them.
import { describe, expect, it } from 'vitest';
import { oid, setOf, unsigned } from '../../src/crypto/x509/der.js';
import { encodeGeneralNames, encodeName, NameError } from '../../src/crypto/x509/names.js';
import { SigningError, x509Signing } from '../../src/crypto/x509/signing.js';
import { basicConstraints, CertificateError, derOf, isRsaKey, keyUsage, parseRequest, time } from '../../src/crypto/x509/certificate.js';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('x509 building blocks', () => {
  it('DER: OIDs, minimal unsigned INTEGERs, SET OF sorted', () => {
    expect(hex(oid('1.2.840.113549.1.9.14'))).toBe('06092a864886f70d01090e');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
    expect(hex(unsigned(0))).toBe('020100');
    expect(hex(unsigned(0x80))).toBe('02020080');
    expect(hex(unsigned(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(hex(setOf(Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x04, 0x01, 0x01)))).toBe('3106040101040102');
  });

  it("names: RFC 4514 (most specific first) and openssl's /-form give the same DER; escapes; string types", () => {
    const a = encodeName('CN=app.example,O=Example\\, Ltd,C=US');
    const b = encodeName('/C=US/O=Example, Ltd/CN=app.example');
    expect(hex(a)).toBe(hex(b));
    // C=US is a PrintableString (13), CN a UTF8String (0c)
    expect(hex(a)).toContain('0603550406130255 53'.replace(' ', ''));
    expect(hex(a)).toContain(`0c0b${Buffer.from('app.example').toString('hex')}`);
    expect(hex(encodeName('CN=caf\\C3\\A9'))).toBe(hex(encodeName('CN=café')));
    // a multi-valued RDN: one SET of two attributes
    expect(hex(encodeName('CN=a+OU=b')).startsWith('30163114')).toBe(true);
    for (const bad of ['', 'XX=1', 'CN=', 'C=USA', 'CN', 'CN=a,,O=b']) expect(() => encodeName(bad), bad).toThrow(NameError);
  });

  it('subject alternative names: DNS [2], IP [7] (4 or 16 bytes), URI [6], email [1]', () => {
    expect(hex(encodeGeneralNames('DNS:a.example,IP:10.0.0.1'))).toBe(`3011820961${Buffer.from('.example').toString('hex')}87040a000001`);
    expect(hex(encodeGeneralNames('IP:2001:db8::1'))).toBe('3012871020010db8000000000000000000000001');
    expect(hex(encodeGeneralNames('IP:::ffff:10.0.0.1'))).toBe('3012871000000000000000000000ffff0a000001');
    expect(hex(encodeGeneralNames('URI:https://x'))).toBe(`300b8609${Buffer.from('https://x').toString('hex')}`);
    expect(hex(encodeGeneralNames('email:a@b'))).toBe(`30058103${Buffer.from('a@b').toString('hex')}`);
    for (const bad of ['', 'FOO:x', 'DNS:', 'IP:999.1.1.1', 'DNS:a b', 'URI:nope']) expect(() => encodeGeneralNames(bad), bad).toThrow(NameError);
  });

  it('signature AlgorithmIdentifiers as RFC 4055, 5758, 8410 and 9881 write them (CA/B BR §7.1.3.2 encodings)', () => {
    const id = (spec: string, alg: string) => hex(x509Signing(spec, alg).algorithmId);
    expect(id('RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256')).toBe('300d06092a864886f70d01010b0500');
    expect(id('RSA_2048', 'RSASSA_PSS_SHA_256')).toBe(
      '304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120',
    );
    expect(id('RSA_4096', 'RSASSA_PSS_SHA_512')).toBe(
      '304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140',
    );
    expect(id('ECC_NIST_P384', 'ECDSA_SHA_384')).toBe('300a06082a8648ce3d040303');
    expect(id('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512')).toBe('300506032b6570');
    expect(id('SM2', 'SM2DSA')).toBe('300a06082a811ccf55018375');
    expect(id('ML_DSA_65', 'ML_DSA_SHAKE_256')).toBe('300b0609608648016503040312');
    expect(() => x509Signing('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512')).toThrow(SigningError);
  });

  it('what Sign is asked for: a digest for RSA and ECDSA, the data itself for Ed25519 and SM2 up to 4096 bytes, μ beyond for ML-DSA', () => {
    const tbs = new Uint8Array(100).fill(1);
    expect(x509Signing('RSA_2048', 'RSASSA_PSS_SHA_384').request(tbs, new Uint8Array()).Message).toHaveLength(48);
    expect(x509Signing('ECC_NIST_P256', 'ECDSA_SHA_256').request(tbs, new Uint8Array()).MessageType).toBe('DIGEST');
    expect(x509Signing('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512').request(tbs, new Uint8Array())).toEqual({ MessageType: 'RAW', Message: tbs });
    expect(() => x509Signing('SM2', 'SM2DSA').request(new Uint8Array(4097), new Uint8Array())).toThrow(/4096/);
    const mldsa = x509Signing('ML_DSA_87', 'ML_DSA_SHAKE_256');
    expect(mldsa.request(tbs, new Uint8Array(2592)).MessageType).toBe('RAW');
    const mu = mldsa.request(new Uint8Array(5000), new Uint8Array(2592)); // a raw ML-DSA-87 public key's length
    expect(mu.MessageType).toBe('EXTERNAL_MU');
    expect(mu.Message).toHaveLength(64);
  });

  it('certificate fields: keyUsage as a minimal named-bit BIT STRING, basicConstraints, UTCTime until 2049 and GeneralizedTime after (RFC 5280 4.1.2.5)', () => {
    // digitalSignature (bit 0) alone: one byte 0x80 with 7 unused bits
    expect(hex(keyUsage(['digitalSignature']))).toBe('300e0603551d0f0101ff040403020780');
    // digitalSignature, keyCertSign, cRLSign: 0x86, 1 unused bit
    expect(hex(keyUsage(['digitalSignature', 'keyCertSign', 'cRLSign']))).toBe('300e0603551d0f0101ff040403020186');
    // decipherOnly (bit 8) needs a second byte
    expect(hex(keyUsage(['digitalSignature', 'decipherOnly']))).toBe('300f0603551d0f0101ff0405030307' + '8080');
    expect(hex(basicConstraints(true, 0))).toBe('30120603551d130101ff040830060101ff020100');
    expect(hex(basicConstraints(false))).toBe('300c0603551d130101ff04023000');
    expect(hex(time(new Date('2049-12-31T23:59:59.900Z')))).toBe(`170d${Buffer.from('491231235959Z').toString('hex')}`);
    expect(hex(time(new Date('2050-01-01T00:00:00Z')))).toBe(`180f${Buffer.from('20500101000000Z').toString('hex')}`);
  });

  it('tells an RSA public key (rsaEncryption) from others, for the end entity default keyEncipherment', () => {
    const der = (key: KeyObject) => new Uint8Array(key.export({ type: 'spki', format: 'der' }));
    const rsa = der(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const ec = der(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const ed = der(generateKeyPairSync('ed25519').publicKey);
    expect([isRsaKey(rsa), isRsaKey(ec), isRsaKey(ed)]).toEqual([true, false, false]);
  });

  it('requests that are not PKCS#10, or not DER, are refused with a CertificateError', () => {
    expect(() => parseRequest(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toThrow(CertificateError);
    expect(() => parseRequest(new Uint8Array([0x30, 0x80]))).toThrow(CertificateError);
    expect(() => derOf(new TextEncoder().encode('-----BEGIN CERTIFICATE REQUEST-----\nAAAA'), 'request')).toThrow(CertificateError);
  });
});
