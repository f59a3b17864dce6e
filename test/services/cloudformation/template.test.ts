// The template module as the stack engine uses it, end to end on the hands-on's files (research note
// §2.1, §2.2): parse, check, parameters, conditions, order, then every property and output resolved.
import { describe, expect, it } from 'vitest';
import * as template from '../../../src/services/cloudformation/template/index.js';
import { checkTemplate, creationOrder, evaluateConditions, NO_VALUE, parseTemplate, resolveParameters, resolveValue, type Template } from '../../../src/services/cloudformation/template/index.js';
import { ACCOUNT, KMS_TYPES, scope } from './template-support.js';

const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: Symmetric KMS key with an alias
Parameters:
  KeyDescription: {Type: String, Default: My KMS key}
  AliasName: {Type: String, AllowedPattern: '^[a-zA-Z0-9/_-]+$'}
  PendingWindowInDays: {Type: Number, MinValue: 7, MaxValue: 30, Default: 7}
  EnableKeyRotation: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}
  Admins: {Type: CommaDelimitedList, Default: ''}
Conditions:
  HasAdmins: !Not [!Equals [!Join ['', !Ref Admins], '']]
Resources:
  MyKMSAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub 'alias/\${AliasName}'
      TargetKeyId: !Ref MyKMSKey
  MyKMSKey:
    Type: AWS::KMS::Key
    Properties:
      Description: !Ref KeyDescription
      EnableKeyRotation: !Ref EnableKeyRotation
      PendingWindowInDays: !Ref PendingWindowInDays
      KeyPolicy:
        Version: 2012-10-17
        Id: key-default-1
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}
            Action: 'kms:*'
            Resource: '*'
          - !If
            - HasAdmins
            - {Sid: Admins, Effect: Allow, Principal: {AWS: !Ref Admins}, Action: 'kms:*', Resource: '*'}
            - !Ref AWS::NoValue
      Tags: [{Key: Name, Value: !Sub '\${AWS::StackName}-key'}]
Outputs:
  KeyId: {Value: !Ref MyKMSKey}
  KeyArn:
    Value: !GetAtt MyKMSKey.Arn
    Export: {Name: !Sub '\${AWS::StackName}-KeyArn'}
  Alias: {Value: !Ref MyKMSAlias}
`;

const PARAMS = [
  { ParameterKey: 'KeyDescription', ParameterValue: 'Key created by CloudFormation' },
  { ParameterKey: 'AliasName', ParameterValue: 'my-cfn-key' },
  { ParameterKey: 'PendingWindowInDays', ParameterValue: '7' },
];

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

function run(t: Template, params = PARAMS) {
  checkTemplate(t, KMS_TYPES);
  const parameters = resolveParameters(t, params);
  const s = scope({ template: t, parameters, resources: { MyKMSKey: { ref: KEY_ID, atts: { Arn: `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${KEY_ID}` } }, MyKMSAlias: { ref: 'alias/my-cfn-key' } } });
  const conditions = evaluateConditions(t, s);
  const order = creationOrder(t);
  const properties = Object.fromEntries(order.map((id) => [id, resolveValue(t.Resources[id]!.Properties, s, conditions)]));
  const outputs = Object.fromEntries(Object.entries(t.Outputs ?? {}).map(([k, o]) => [k, { value: resolveValue(o.Value, s, conditions), ...(o.Export ? { export: resolveValue(o.Export.Name, s, conditions) } : {}) }]));
  return { parameters, conditions, order, properties, outputs };
}

describe('the hands-on template', () => {
  it('creates the key before its alias, with every value resolved', () => {
    const r = run(parseTemplate(YAML));
    expect(r.parameters).toEqual({ KeyDescription: 'Key created by CloudFormation', AliasName: 'my-cfn-key', PendingWindowInDays: '7', EnableKeyRotation: 'true', Admins: '' });
    expect(Object.fromEntries(r.conditions)).toEqual({ HasAdmins: false });
    expect(r.order).toEqual(['MyKMSKey', 'MyKMSAlias']);
    expect(r.properties.MyKMSKey).toEqual({
      Description: 'Key created by CloudFormation',
      EnableKeyRotation: 'true',
      PendingWindowInDays: '7',
      KeyPolicy: {
        Version: '2012-10-17',
        Id: 'key-default-1',
        Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
      },
      Tags: [{ Key: 'Name', Value: 'MyKMSKeyStack-key' }],
    });
    expect(r.properties.MyKMSAlias).toEqual({ AliasName: 'alias/my-cfn-key', TargetKeyId: KEY_ID });
    expect(r.outputs).toEqual({
      KeyId: { value: KEY_ID },
      KeyArn: { value: `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${KEY_ID}`, export: 'MyKMSKeyStack-KeyArn' },
      Alias: { value: 'alias/my-cfn-key' },
    });
  });

  it('a list parameter turns the conditional statement on', () => {
    const r = run(parseTemplate(YAML), [...PARAMS, { ParameterKey: 'Admins', ParameterValue: 'arn:aws:iam::111122223333:role/A, arn:aws:iam::111122223333:role/B' }]);
    expect(r.conditions.get('HasAdmins')).toBe(true);
    const statements = (r.properties.MyKMSKey as { KeyPolicy: { Statement: Array<{ Principal: unknown }> } }).KeyPolicy.Statement;
    expect(statements[1]!.Principal).toEqual({ AWS: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B'] });
  });

  it('the same template as JSON gives the same result', () => {
    const json = JSON.stringify(parseTemplate(YAML));
    expect(run(parseTemplate(json))).toEqual(run(parseTemplate(YAML)));
  });

  it('NO_VALUE is what a whole value resolving to AWS::NoValue gives', () => {
    expect(resolveValue({ 'Fn::If': ['C', 'x', { Ref: 'AWS::NoValue' }] }, scope(), new Map([['C', false]]))).toBe(NO_VALUE);
  });
});

describe('the public API', () => {
  it('exports exactly the agreed names, and a few more', () => {
    const agreed = ['parseTemplate', 'checkTemplate', 'resolveParameters', 'declaredParameters', 'noEchoParameters', 'evaluateConditions', 'NO_VALUE', 'resolveValue', 'dependencies', 'creationOrder'];
    expect(Object.keys(template)).toEqual(expect.arrayContaining(agreed));
    expect(Object.keys(template).sort()).toEqual([...agreed, 'MAX_TEMPLATE_BYTES', 'PARAMETER_TYPES', 'PSEUDO_PARAMETERS', 'references'].sort());
  });
});
