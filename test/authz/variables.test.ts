// Policy variables in Resource and condition values (IAM User Guide, "Policy variables").
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/authz/index.js';
import { conditionHolds, doc, request, session, user } from './support.js';

const S3 = 'arn:aws:s3:::amzn-s3-demo-bucket';

function resourceAllows(resource: string, target: string, caller = user(), context: Record<string, string> = {}, version = '2012-10-17') {
  const policy = { id: 'p', type: 'user' as const, document: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }], version) };
  return evaluatePolicy(policy, request(caller, 's3:GetObject', target, context), 'identity');
}

describe('policy variables', () => {
  it('IAM guide: Policy variables, home/${aws:username}/* in Resource', () => {
    expect(resourceAllows(`${S3}/home/\${aws:username}/*`, `${S3}/home/alice/notes.txt`).allows).toHaveLength(1);
    expect(resourceAllows(`${S3}/home/\${aws:username}/*`, `${S3}/home/bob/notes.txt`).allows).toHaveLength(0);
  });
  it('a variable whose key is absent makes the value match nothing, and is reported missing', () => {
    const e = resourceAllows(`${S3}/home/\${aws:username}/*`, `${S3}/home/s1/x`, session());
    expect(e.allows).toHaveLength(0);
    expect(e.missing).toEqual(['aws:username']);
  });
  it("IAM guide: Specifying default values, ${aws:PrincipalTag/team, 'company-wide'}", () => {
    const r = `${S3}/\${aws:PrincipalTag/team, 'company-wide'}/*`;
    expect(resourceAllows(r, `${S3}/company-wide/x`).allows).toHaveLength(1);
    expect(resourceAllows(r, `${S3}/blue/x`, user('alice', undefined, { team: 'blue' })).allows).toHaveLength(1);
    expect(resourceAllows(r, `${S3}/company-wide/x`, user('alice', undefined, { team: 'blue' })).allows).toHaveLength(0);
  });
  it('key names in variables are case-insensitive, whitespace around the parts ignored', () => {
    expect(resourceAllows(`${S3}/\${ AWS:UserName , 'x' }/*`, `${S3}/alice/f`).allows).toHaveLength(1);
  });
  it("a default value keeps its case and reads '' as one quote", () => {
    expect(resourceAllows(`${S3}/\${aws:nothing, 'It''s'}`, `${S3}/It's`).allows).toHaveLength(1);
  });
  it('IAM guide: special characters ${*} ${?} ${$} are the characters themselves', () => {
    expect(resourceAllows(`${S3}/a\${*}b`, `${S3}/a*b`).allows).toHaveLength(1);
    expect(resourceAllows(`${S3}/a\${*}b`, `${S3}/axxb`).allows).toHaveLength(0);
    expect(resourceAllows(`${S3}/a\${?}`, `${S3}/a?`).allows).toHaveLength(1);
    expect(resourceAllows(`${S3}/a\${?}`, `${S3}/ab`).allows).toHaveLength(0);
    expect(resourceAllows(`${S3}/\${$}x`, `${S3}/$x`).allows).toHaveLength(1);
  });
  it('a substituted value is literal: its own * is no wildcard', () => {
    expect(resourceAllows(`${S3}/\${aws:PrincipalTag/p}`, `${S3}/anything`, user('alice', undefined, { p: '*' })).allows).toHaveLength(0);
    expect(resourceAllows(`${S3}/\${aws:PrincipalTag/p}`, `${S3}/*`, user('alice', undefined, { p: '*' })).allows).toHaveLength(1);
  });
  it('aws:userid and any context key resolve; a multivalued key does not', () => {
    expect(resourceAllows(`${S3}/\${aws:userid}`, `${S3}/AIDAALICE`).allows).toHaveLength(1);
    expect(resourceAllows(`${S3}/\${kms:CallerAccount}`, `${S3}/111122223333`, user(), { 'kms:CallerAccount': '111122223333' }).allows).toHaveLength(1);
  });
  it('IAM guide: Version 2008-10-17 policies read ${…} literally', () => {
    expect(resourceAllows(`${S3}/\${aws:username}`, `${S3}/alice`, user(), {}, '2008-10-17').allows).toHaveLength(0);
    expect(resourceAllows(`${S3}/\${aws:username}`, `${S3}/\${aws:username}`, user(), {}, '2008-10-17').allows).toHaveLength(1);
  });
  it('variables in condition values (StringEquals, StringLike, ArnLike)', () => {
    expect(conditionHolds({ StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }, { 'aws:PrincipalTag/owner': 'alice' }).holds).toBe(true);
    expect(conditionHolds({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, { 's3:prefix': 'home/bob/x' }).holds).toBe(false);
    expect(conditionHolds({ ArnLike: { 'aws:SourceArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } }, { 'aws:SourceArn': 'arn:aws:iam::111122223333:role/R' }).holds).toBe(true);
  });
  it('KMS guide: kms:EncryptionContext value from a principal tag', () => {
    const c = { StringEquals: { 'kms:EncryptionContext:Department': '${aws:PrincipalTag/Department}' } };
    const caller = user('alice', undefined, { Department: 'IT' });
    expect(conditionHolds(c, { 'kms:EncryptionContext:department': 'IT' }, caller).holds).toBe(true);
    expect(conditionHolds(c, { 'kms:EncryptionContext:department': 'HR' }, caller).holds).toBe(false);
  });
});
