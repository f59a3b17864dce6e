// SigV4: AWS's published test-suite vectors, our signer against our verifier, requests signed by
// botocore, and each authentication failure with AWS's exception name.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { signRequest, verifyRequest, type Credentials } from '../../src/protocol/sigv4.js';
import { noBoto3 } from '../server/helpers.js';
import { SUITE, VECTORS } from './sigv4-vectors.js';

const lookup = (creds: Credentials) => (id: string) => (id === creds.accessKeyId ? creds : undefined);

function authz(v: (typeof VECTORS)[number]): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KmsError) return `${err.code}: ${err.message.split('\n')[0]}`;
    throw err;
  }
  return 'ok';
}

describe('AWS SigV4 test suite', () => {
  it.each(VECTORS.map((v) => [v.name, v] as const))('%s: verifies, and a changed signature does not', (_name, v) => {
    const req = { method: v.method, url: v.url, headers: { ...v.headers, authorization: authz(v) }, body: v.body ?? '' };
    const opts = { lookup: lookup(SUITE.credentials), now: SUITE.now, service: SUITE.service };
    expect(verifyRequest(req, opts)).toEqual({ accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1' });
    const bad = { ...req, headers: { ...req.headers, authorization: authz({ ...v, signature: v.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) }) } };
    expect(codeOf(() => verifyRequest(bad, opts))).toMatch(/^InvalidSignatureException: The request signature we calculated/);
  });

  it('runs every vector', () => {
    expect(VECTORS.length).toBe(18);
  });

  it('signRequest reproduces the suite signatures', () => {
    for (const v of VECTORS) {
      const headers = { ...v.headers } as Record<string, string>;
      delete headers['x-amz-date'];
      const token = headers['x-amz-security-token'];
      delete headers['x-amz-security-token'];
      const added = signRequest({ method: v.method, url: v.url, headers, body: v.body ?? '' }, { ...SUITE.credentials, sessionToken: token }, {
        region: SUITE.region,
        service: SUITE.service,
        now: SUITE.now,
      });
      expect(added.authorization, v.name).toBe(authz(v));
    }
  });
});

describe('sign and verify', () => {
  const creds = { accessKeyId: 'AKIAEXAMPLE12345', secretAccessKey: 'secret/key+1' };
  const now = new Date('2026-01-02T03:04:05Z');
  const base = { method: 'POST', url: '/', body: '{"KeyId":"alias/x"}' };
  const headers = { host: '127.0.0.1:4599', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' };
  const signed = () => ({ ...base, headers: { ...headers, ...signRequest({ ...base, headers }, creds, { region: 'eu-west-2', now }) } as Record<string, string> });
  const verify = (req: ReturnType<typeof signed>, at = now) => verifyRequest(req, { lookup: lookup(creds), now: at });

  it('round trips, giving the scope region', () => {
    expect(verify(signed())).toEqual({ accessKeyId: creds.accessKeyId, region: 'eu-west-2' });
  });

  it('accepts a clock difference up to 15 minutes either way, not more', () => {
    expect(verify(signed(), new Date(now.getTime() + 15 * 60_000)).region).toBe('eu-west-2');
    expect(verify(signed(), new Date(now.getTime() - 15 * 60_000)).region).toBe('eu-west-2');
    expect(codeOf(() => verify(signed(), new Date(now.getTime() + 15 * 60_000 + 1000)))).toBe(
      'InvalidSignatureException: Signature expired: 20260102T030405Z is now earlier than 20260102T030406Z (20260102T031906Z - 15 min.)',
    );
    expect(codeOf(() => verify(signed(), new Date(now.getTime() - 16 * 60_000)))).toBe(
      'InvalidSignatureException: Signature not yet current: 20260102T030405Z is still later than 20260102T030305Z (20260102T024805Z + 15 min.)',
    );
  });

  it('answers each broken request with AWS exception names', () => {
    const r = signed();
    const withAuth = (a: string) => ({ ...r, headers: { ...r.headers, authorization: a } });
    const auth = r.headers.authorization!;
    expect(codeOf(() => verify({ ...r, headers: { ...headers, 'x-amz-date': r.headers['x-amz-date']! } }))).toBe(
      'MissingAuthenticationTokenException: Missing Authentication Token',
    );
    expect(codeOf(() => verify({ ...r, body: '{"KeyId":"alias/y"}' }))).toMatch(/^InvalidSignatureException: The request signature/);
    expect(codeOf(() => verify(withAuth(auth.replace('AKIAEXAMPLE12345', 'AKIAOTHER'))))).toBe(
      'UnrecognizedClientException: The security token included in the request is invalid.',
    );
    expect(codeOf(() => verify(withAuth(auth.replace('/kms/', '/s3/'))))).toBe("InvalidSignatureException: Credential should be scoped to correct service: 'kms'. ");
    expect(codeOf(() => verify(withAuth(auth.replace('eu-west-2', 'nowhere'))))).toBe('InvalidSignatureException: Credential should be scoped to a valid region. ');
    expect(codeOf(() => verify(withAuth(auth.replace('20260102/', '20260101/'))))).toMatch(/^InvalidSignatureException: Date in Credential scope does not match/);
    expect(codeOf(() => verify(withAuth('AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE12345/20260102/eu-west-2/kms/aws4_request')))).toMatch(
      /^IncompleteSignatureException: Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./,
    );
    expect(codeOf(() => verify(withAuth('Basic dXNlcjpwYXNz')))).toBe("IncompleteSignatureException: Unsupported AWS 'algorithm': 'Basic'");
    expect(codeOf(() => verify(withAuth(auth.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;'))))).toMatch(/'Host'/);
  });

  it('accepts a session token, which is signed', () => {
    const added = signRequest({ ...base, headers }, { ...creds, sessionToken: 'tok' }, { region: 'us-east-1', now });
    expect(added['x-amz-security-token']).toBe('tok');
    expect(verify({ ...base, headers: { ...headers, ...added } }).region).toBe('us-east-1');
  });
});

const BOTOCORE_SIGN = `
import json, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
token = sys.argv[1] or None
creds = Credentials('AKIABOTOCORE0000001', 'botocore/secret+key', token)
out = []
for target, body in [('TrentService.ListKeys', '{}'), ('TrentService.Encrypt', json.dumps({'KeyId': 'alias/a b', 'Plaintext': 'aGk='}))]:
    req = AWSRequest(method='POST', url='http://127.0.0.1:4599/', data=body.encode(),
                     headers={'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.1', 'User-Agent': 'Boto3/1.0  test  agent'})
    SigV4Auth(creds, 'kms', 'ap-southeast-2').add_auth(req)
    prepared = req.prepare()
    out.append({'headers': dict(prepared.headers), 'body': body})
print(json.dumps(out))
`;

describe.skipIf(noBoto3)('requests signed by botocore', () => {
  if (noBoto3) console.warn(`skipping botocore-signed requests: ${noBoto3}`);
  const creds = { accessKeyId: 'AKIABOTOCORE0000001', secretAccessKey: 'botocore/secret+key' };
  it.each([[''], ['FQoGZXIvYXdzEXAMPLETOKEN==']])('verify (session token %j)', (token) => {
    const r = spawnSync('python3', ['-c', BOTOCORE_SIGN, token], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const reqs = JSON.parse(r.stdout) as { headers: Record<string, string>; body: string }[];
    expect(reqs).toHaveLength(2);
    for (const q of reqs) {
      const headers = { ...q.headers, host: '127.0.0.1:4599' };
      const got = verifyRequest({ method: 'POST', url: '/', headers, body: q.body }, { lookup: lookup(creds), now: new Date() });
      expect(got).toEqual({ accessKeyId: creds.accessKeyId, region: 'ap-southeast-2' });
      expect(codeOf(() => verifyRequest({ method: 'POST', url: '/', headers, body: `${q.body} ` }, { lookup: lookup(creds), now: new Date() }))).toMatch(
        /^InvalidSignatureException/,
      );
    }
  });
});
