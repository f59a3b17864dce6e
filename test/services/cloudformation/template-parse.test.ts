// parseTemplate: the short forms as awscli's yamlhelper maps them, the scalar typing CloudFormation
// uses (YAML 1.2 core plus the 1.1 booleans), JSON bodies, the size limit and AWS's parse-error texts.
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../src/services/cloudformation/template/index.js';
import { thrown, validation } from './template-support.js';

const props = (yaml: string): Record<string, unknown> => {
  const t = parseTemplate(`Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n${yaml.replace(/^/gm, '      ')}\n`);
  return t.Resources.K!.Properties!;
};

describe('YAML short forms', () => {
  type Row = [name: string, yaml: string, expected: unknown];
  const rows: Row[] = [
    ['!Ref', 'A: !Ref X', { Ref: 'X' }],
    ['!Ref on a pseudo parameter', 'A: !Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!Condition', 'A: !Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt A.B splits at the first dot', 'A: !GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt as a sequence', 'A: !GetAtt [Key, Arn]', { 'Fn::GetAtt': ['Key', 'Arn'] }],
    ['!GetAtt without a dot', 'A: !GetAtt Key', { 'Fn::GetAtt': ['Key'] }],
    ['!Sub on a scalar', "A: !Sub 'alias/${Name}'", { 'Fn::Sub': 'alias/${Name}' }],
    ['!Sub on a sequence', 'A: !Sub [\'${X}-y\', {X: !Ref P}]', { 'Fn::Sub': ['${X}-y', { X: { Ref: 'P' } }] }],
    ['!Join nests other forms', "A: !Join ['', ['arn:aws:iam::', !Ref 'AWS::AccountId', ':root']]", { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] }],
    ['!Select with !GetAZs', "A: !Select [0, !GetAZs '']", { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!GetAZs with nothing after it', 'A: !GetAZs', { 'Fn::GetAZs': '' }],
    ['!Split', "A: !Split [',', 'a,b']", { 'Fn::Split': [',', 'a,b'] }],
    ['!Base64', 'A: !Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!FindInMap', 'A: !FindInMap [M, !Ref AWS::Region, Ami]', { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!ImportValue on a mapping-producing form', "A: !ImportValue\n  'Fn::Sub': '${Net}-Arn'", { 'Fn::ImportValue': { 'Fn::Sub': '${Net}-Arn' } }],
    ['!If with !Ref AWS::NoValue', 'A: !If [C, !Ref AWS::NoValue, x]', { 'Fn::If': ['C', { Ref: 'AWS::NoValue' }, 'x'] }],
    ['!Equals, !Not, !And, !Or', 'A: !And [!Not [!Equals [a, b]], !Or [!Condition C, !Condition D]]', { 'Fn::And': [{ 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }, { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] }] }],
    ['!Cidr', 'A: !Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!Transform on a mapping', 'A: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
    ['a block mapping under a tag', 'A: !Base64\n  Fn::Join: [\'\', [a, b]]', { 'Fn::Base64': { 'Fn::Join': ['', ['a', 'b']] } }],
    ['a tagged scalar is text (!Ref 123)', 'A: !Ref 123', { Ref: '123' }],
    ['an unknown tag becomes Fn::<Name>, as awscli maps it', 'A: !Foo bar', { 'Fn::Foo': 'bar' }],
    ['anchors and aliases of tagged nodes', 'A: &a !Ref X\nB: *a', { Ref: 'X' }],
    ['YAML’s own tags keep their meaning', "A: [!!str 12, ! 12, !!int '7']", ['12', '12', 7]],
  ];
  it.each(rows)('%s', (_name, yaml, expected) => {
    expect(props(yaml).A).toEqual(expected);
  });

  it('an alias repeats the tagged node', () => {
    expect(props('A: &a !Sub x-${P}\nB: *a').B).toEqual({ 'Fn::Sub': 'x-${P}' });
  });

  it('awscli: !Base64 !Sub x is not YAML (a node has one tag)', () => {
    expect(thrown(() => props('A: !Base64 !Sub x'))?.message).toMatch(/^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/);
  });
});

describe('scalar typing', () => {
  it('keeps Version: 2012-10-17 and AWSTemplateFormatVersion: 2010-09-09 as text (no YAML 1.1 dates)', () => {
    const t = parseTemplate('AWSTemplateFormatVersion: 2010-09-09\nResources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: 2012-10-17\n');
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect((t.Resources.K!.Properties!.KeyPolicy as { Version: unknown }).Version).toBe('2012-10-17');
  });

  it('reads the YAML 1.1 boolean words as booleans, as CloudFormation warns for AllowedValues: [Yes, No]', () => {
    const t = parseTemplate('Parameters:\n  P: {Type: String, AllowedValues: [Yes, No, yes, NO, on, Off, ON, true, False]}\nResources: {K: {Type: AWS::KMS::Key}}');
    expect(t.Parameters!.P!.AllowedValues).toEqual([true, false, true, false, true, false, true, true, false]);
  });

  it('a key keeps its text: a resource named On stays On', () => {
    const t = parseTemplate('Parameters:\n  Off: {Type: String}\nResources:\n  On: {Type: AWS::KMS::Key}\n  No: {Type: AWS::KMS::Key}\n');
    expect(Object.keys(t.Parameters!)).toEqual(['Off']);
    expect(Object.keys(t.Resources)).toEqual(['On', 'No']);
    // still booleans while YAML reads them, so On and Yes are the same key, as in any YAML 1.1 parser
    expect(thrown(() => parseTemplate('Resources:\n  On: {Type: A}\n  Yes: {Type: B}\n'))?.message).toBe('Template format error: YAML not well-formed. (line 3, column 3)');
  });

  it('leaves y, n, quoted words and mixed case such as yEs as text', () => {
    expect(props("A: [y, n, Y, N, 'yes', \"on\", yEs, oN]").A).toEqual(['y', 'n', 'Y', 'N', 'yes', 'on', 'yEs', 'oN']);
  });

  it('numbers stay numbers, but a leading-zero account id stays text', () => {
    expect(props('A: [7, 1.5, -3, 012345678901, 0x1F, ~, null]').A).toEqual([7, 1.5, -3, '012345678901', 31, null, null]);
  });
});

describe('JSON bodies', () => {
  it('parses a body whose first non-blank character is {', () => {
    const t = parseTemplate('\n  {"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"Description": {"Fn::Sub": "${AWS::StackName}"}}}}}');
    expect(t.Resources.K).toEqual({ Type: 'AWS::KMS::Key', Properties: { Description: { 'Fn::Sub': '${AWS::StackName}' } } });
  });

  it('accepts a byte order mark', () => {
    expect(parseTemplate('\uFEFF{"Resources": {}}')).toEqual({ Resources: {} });
  });

  type Row = [name: string, body: string, line: number, column: number];
  const rows: Row[] = [
    ['a missing value', '{"a":}', 1, 6],
    ['a trailing comma', '{\n  "a": 1,\n}', 3, 1],
    ['a missing colon', '{\n  "Resources" {}\n}', 2, 15],
    ['a bad literal', '{\n  "a": tru\n}', 2, 11],
    ['text after the object', '{"a": 1} x', 1, 10],
    ['an unterminated object', '{"a": [1, 2]', 1, 13],
    ['a control character in a string', '{"a": "x\ny"}', 1, 9],
    ['a bad escape', '{"a": "\\q"}', 1, 9],
    ['YAML flow style is not JSON', '{Resources: {}}', 1, 2],
  ];
  it.each(rows)('%s: line and column', (_name, body, line, column) => {
    expect(thrown(() => parseTemplate(body))).toEqual(validation(`Template format error: JSON not well-formed. (line ${line}, column ${column})`));
  });
});

describe('YAML errors', () => {
  type Row = [name: string, body: string, line: number, column: number];
  const rows: Row[] = [
    ['a duplicate key', 'Resources:\n  K: {Type: AWS::KMS::Key}\n  K: {Type: AWS::KMS::Key}\n', 3, 3],
    ['an unclosed flow sequence', 'Resources:\n  K:\n    Type: [a, b\n', 4, 1],
    ['a bad indentation', 'Resources:\n  K:\n    Type: x\n   Properties: {}\n', 4, 1],
    ['two documents', 'Resources: {}\n---\nResources: {}\n', 2, 1],
    ['a tab as indentation', 'Resources:\n\tK: 1\n', 2, 1],
  ];
  it.each(rows)('%s: line and column, 1-based', (_name, body, line, column) => {
    expect(thrown(() => parseTemplate(body))).toEqual(validation(`Template format error: YAML not well-formed. (line ${line}, column ${column})`));
  });

  it.each([
    ['a scalar', 'hello'],
    ['a list', '- a\n- b'],
    ['an empty document', '# only a comment\n'],
    ['a JSON-looking list is YAML, and not an object', '[1, 2]'],
  ])('%s is an unsupported structure', (_name, body) => {
    expect(thrown(() => parseTemplate(body))).toEqual(validation('Template format error: unsupported structure.'));
  });
});

describe('size', () => {
  const body = (bytes: number) => `Description: ${'x'.repeat(bytes - 13)}`;
  it('takes 51,200 bytes', () => {
    expect(body(51_200).length).toBe(51_200);
    expect(parseTemplate(body(51_200)).Description).toHaveLength(51_200 - 13);
  });

  it('refuses 51,201 bytes with AWS constraint text', () => {
    const e = thrown(() => parseTemplate(body(51_201)));
    expect(e?.code).toBe('ValidationError');
    expect(e?.message).toMatch(/^1 validation error detected: Value 'Description: x+\.\.\.' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200$/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = `Description: ${'é'.repeat(25_600)}`; // 13 + 51,200 bytes, 25,613 characters
    expect(thrown(() => parseTemplate(text))?.message).toMatch(/less than or equal to 51200$/);
  });

  it('refuses an empty body', () => {
    expect(thrown(() => parseTemplate(''))).toEqual(validation("1 validation error detected: Value '' at 'templateBody' failed to satisfy constraint: Member must have length greater than or equal to 1"));
  });
});
