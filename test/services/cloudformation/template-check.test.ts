// checkTemplate: the structural pre-flight, one case per rule, with AWS's texts where they are known
// and kms's own where kms refuses what AWS would run.
import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate } from '../../../src/services/cloudformation/template/index.js';
import { KMS_TYPES, thrown, validation } from './template-support.js';

const check = (yaml: string) => thrown(() => checkTemplate(parseTemplate(yaml), KMS_TYPES));
const KEY = 'Resources:\n  Key: {Type: AWS::KMS::Key}\n';

// The research note's hands-on template (§2.1), which must pass as it is
const HANDS_ON = `AWSTemplateFormatVersion: '2010-09-09'
Description: Symmetric KMS key with an alias
Parameters:
  KeyDescription: {Type: String, Default: My KMS key}
  AliasName: {Type: String, AllowedPattern: '^[a-zA-Z0-9/_-]+$'}
  PendingWindowInDays: {Type: Number, MinValue: 7, MaxValue: 30, Default: 7}
  EnableKeyRotation: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}
Resources:
  MyKMSKey:
    Type: AWS::KMS::Key
    Properties:
      Description: !Ref KeyDescription
      EnableKeyRotation: !Ref EnableKeyRotation
      PendingWindowInDays: !Ref PendingWindowInDays
      KeyPolicy:
        Version: '2012-10-17'
        Id: key-default-1
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}
            Action: 'kms:*'
            Resource: '*'
            Condition: {StringEquals: {'kms:CallerAccount': !Ref 'AWS::AccountId'}}
      Tags: [{Key: Name, Value: !Sub '\${AWS::StackName}-key'}]
  MyKMSAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub 'alias/\${AliasName}'
      TargetKeyId: !Ref MyKMSKey
Outputs:
  KeyId: {Value: !Ref MyKMSKey}
  KeyArn:
    Value: !GetAtt MyKMSKey.Arn
    Export: {Name: !Sub '\${AWS::StackName}-KeyArn'}
  Alias: {Value: !Ref MyKMSAlias}
`;

describe('templates that pass', () => {
  it('the hands-on template', () => {
    expect(check(HANDS_ON)).toBeUndefined();
  });

  it('conditions, mappings, DependsOn, policies and every function kms runs', () => {
    const yaml = `AWSTemplateFormatVersion: 2010-09-09
Metadata: {Note: '{{resolve:ssm:x}} in Metadata is only text'}
Rules: {}
Parameters:
  Env: {Type: String, AllowedValues: [prod, dev]}
  Admins: {Type: CommaDelimitedList, Default: ''}
  Sizes: {Type: List<Number>, Default: '1'}
Mappings:
  M: {prod: {Days: 30, Zones: [a, b]}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsDev, !Equals [!Ref 'AWS::Region', ap-southeast-2]]]
Resources:
  Primary:
    Type: AWS::KMS::Key
    DeletionPolicy: Retain
    UpdateReplacePolicy: RetainExceptOnCreate
    Properties:
      PendingWindowInDays: !FindInMap [M, !Ref Env, Days]
      Description: !If [IsProd, !Join ['-', [!Select [0, !GetAZs ''], !Base64 x]], !Ref 'AWS::NoValue']
      Tags: [{Key: a, Value: !ImportValue {'Fn::Sub': '\${Env}-Arn'}}, {Key: b, Value: !Select [0, !Split [',', !Sub ['\${A}', {A: x}]]]}]
  Replica:
    Type: AWS::KMS::ReplicaKey
    Condition: IsProd
    DependsOn: [Primary]
    DeletionPolicy: Delete
    Properties: {PrimaryKeyArn: !GetAtt [Primary, Arn], KeyPolicy: {}}
  Alias:
    Type: AWS::KMS::Alias
    DependsOn: Replica
    Properties: {AliasName: !Sub 'alias/\${Env}-\${!literal}', TargetKeyId: !Ref Primary}
Outputs:
  Arn: {Value: !GetAtt Primary.Arn, Condition: Both, Description: d}
`;
    expect(check(yaml)).toBeUndefined();
  });
});

describe('sections', () => {
  it('AWSTemplateFormatVersion is 2010-09-09 only', () => {
    expect(check(`AWSTemplateFormatVersion: '2010-09-10'\n${KEY}`)).toEqual(validation('Template format error: unsupported value for AWSTemplateFormatVersion.'));
  });
  it('unknown top-level sections, all named', () => {
    expect(check(`Resource: {}\nOutput: {}\n${KEY}`)).toEqual(validation('Template format error: Invalid template property or properties [Resource, Output]'));
  });
  it.each([['Resources: {}'], ['Description: none'], ['Resources: [a]']])('Resources required and not empty: %s', (yaml) => {
    expect(check(yaml)).toEqual(validation('Template format error: At least one Resources member must be defined.'));
  });
  it.each([
    ['parameters', 200, (i: number) => `  P${i}: {Type: String}`, 'Parameters'],
    ['resources', 500, (i: number) => `  R${i}: {Type: AWS::KMS::Key}`, 'Resources'],
    ['outputs', 200, (i: number) => `  O${i}: {Value: x}`, 'Outputs'],
  ] as const)('at most %s %i', (what, max, line, section) => {
    const body = (n: number) => `${section === 'Resources' ? '' : KEY}${section}:\n${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`;
    expect(check(body(max))).toBeUndefined();
    expect(check(body(max + 1))).toEqual(validation(`Template format error: Number of ${what}, ${max + 1}, is greater than maximum allowed, ${max}`));
  });
});

describe('Transform and dynamic references', () => {
  const CAPABILITIES = { code: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]' };
  it('a Transform section', () => {
    expect(check(`Transform: AWS::Serverless-2016-10-31\n${KEY}`)).toEqual(CAPABILITIES);
  });
  it('a Transform with no Resources yet (a macro may add them)', () => {
    expect(check('Transform: [MyMacro]\nResources: {}')).toEqual(CAPABILITIES);
  });
  it('Fn::Transform anywhere', () => {
    expect(check(`Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      'Fn::Transform': {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n`)).toEqual(CAPABILITIES);
  });
  it.each([
    ["Description: '{{resolve:ssm:KeyDescription}}'", '{{resolve:ssm:KeyDescription}} at Resources/Key/Properties/Description'],
    ["Tags: [{Key: a, Value: !Sub 'x-{{resolve:secretsmanager:S:SecretString:k}}'}]", '{{resolve:secretsmanager:S:SecretString:k}} at Resources/Key/Properties/Tags/0/Value/Fn::Sub'],
  ])('a dynamic reference: %s', (line, where) => {
    const e = check(`Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      ${line}\n`);
    expect(e?.code).toBe('ValidationError');
    expect(e?.message).toBe(`kms does not support dynamic references: ${where}. kms has no Systems Manager Parameter Store or Secrets Manager to resolve it from; use a parameter instead.`);
  });
  it('a dynamic reference in Outputs', () => {
    expect(check(`${KEY}Outputs:\n  O: {Value: '{{resolve:ssm:p}}'}\n`)?.message).toMatch(/^kms does not support dynamic references: \{\{resolve:ssm:p\}\} at Outputs\/O\/Value\./);
  });
});

describe('resources', () => {
  it('every resource has a Type', () => {
    expect(check('Resources:\n  Key: {Properties: {}}\n')).toEqual(validation('Template format error: [/Resources/Key] Every Resources object must contain a Type member.'));
    expect(check('Resources:\n  Key: AWS::KMS::Key\n')).toEqual(validation('Template format error: [/Resources/Key] Every Resources object must contain a Type member.'));
  });
  it('an unknown resource attribute', () => {
    expect(check('Resources:\n  Key: {Type: AWS::KMS::Key, Propertiess: {}}\n')).toEqual(validation("Invalid template resource property 'Propertiess'"));
  });
  it('a logical id is alphanumeric', () => {
    expect(check('Resources:\n  my-key: {Type: AWS::KMS::Key}\n')).toEqual(validation('Template format error: Resource name my-key is non alphanumeric.'));
  });
  it('types kms lacks, named together in one error, with what kms provides', () => {
    expect(check('Resources:\n  B: {Type: AWS::S3::Bucket}\n  K: {Type: AWS::KMS::Key}\n  T: {Type: AWS::SNS::Topic}\n  B2: {Type: AWS::S3::Bucket}\n')).toEqual(
      validation('Template format error: Unrecognized resource types: [AWS::S3::Bucket, AWS::SNS::Topic] kms provides only AWS::KMS::Alias, AWS::KMS::Key, AWS::KMS::ReplicaKey.'),
    );
  });
  it('a custom resource is a real type kms lacks', () => {
    expect(check('Resources:\n  C: {Type: Custom::Thing}\n')?.message).toBe('Template format error: Unrecognized resource types: [Custom::Thing] kms provides only AWS::KMS::Alias, AWS::KMS::Key, AWS::KMS::ReplicaKey.');
  });
  it('types AWS does not know either keep AWS’s text alone', () => {
    expect(check('Resources:\n  A: {Type: AWS::Foo::Bar::Baz}\n  B: {Type: AWS::KMS::Keys}\n  C: {Type: Foo}\n')).toEqual(validation('Template format error: Unrecognized resource types: [AWS::Foo::Bar::Baz, AWS::KMS::Keys, Foo]'));
  });
  it.each(['DeletionPolicy', 'UpdateReplacePolicy'])('%s: Snapshot is not for KMS types', (attribute) => {
    expect(check(`Resources:\n  Key: {Type: AWS::KMS::Key, ${attribute}: Snapshot}\n`)).toEqual(
      validation(`Template format error: [/Resources/Key/${attribute}] ${attribute} Snapshot is not supported for resources of type AWS::KMS::Key; use Delete, Retain or RetainExceptOnCreate.`),
    );
  });
  it.each(['DeletionPolicy', 'UpdateReplacePolicy'])('%s: an unknown value', (attribute) => {
    expect(check(`Resources:\n  Key: {Type: AWS::KMS::Key, ${attribute}: Keep}\n`)).toEqual(
      validation(`Template format error: [/Resources/Key/${attribute}] Unrecognized ${attribute} "Keep": use Delete, Retain or RetainExceptOnCreate.`),
    );
  });
  it('a Condition naming an undeclared condition', () => {
    expect(check('Resources:\n  Key: {Type: AWS::KMS::Key, Condition: IsProd}\n')).toEqual(validation('Template format error: Unresolved dependencies [IsProd]. Cannot reference resources in the Conditions block of the template'));
  });
  it('DependsOn names', () => {
    expect(check('Resources:\n  Key: {Type: AWS::KMS::Key, DependsOn: [{Ref: X}]}\n')?.message).toBe('Template format error: [/Resources/Key/DependsOn] DependsOn must be a string or a list of strings.');
  });
  it('a name that is both a parameter and a resource', () => {
    expect(check('Parameters:\n  Key: {Type: String}\nResources:\n  Key: {Type: AWS::KMS::Key}\n')?.message).toBe('Template format error: Parameter and resource names must be unique: Key is both');
  });
});

describe('references', () => {
  const UNRESOLVED = (names: string) => validation(`Template format error: Unresolved resource dependencies [${names}] in the Resources block of the template`);
  const withProps = (props: string, extra = '') => check(`Parameters:\n  P: {Type: String}\nResources:\n  Key: {Type: AWS::KMS::Key}\n  Alias:\n    Type: AWS::KMS::Alias\n${extra}    Properties: ${props}\n`);
  it.each([
    ['Ref', '{TargetKeyId: !Ref Nope}', 'Nope'],
    ['GetAtt, dotted', '{TargetKeyId: !GetAtt Nope.Arn}', 'Nope'],
    ['GetAtt, list', '{TargetKeyId: !GetAtt [Nope, Arn]}', 'Nope'],
    ['GetAtt on a parameter', '{TargetKeyId: !GetAtt P.Arn}', 'P'],
    ['Sub', "{AliasName: !Sub 'alias/${Nope}-${Key}'}", 'Nope'],
    ['Sub with an attribute', "{AliasName: !Sub 'alias/${Nope.Arn}'}", 'Nope'],
    ['Sub: an IAM policy variable needs ${!...}', "{AliasName: !Sub 'alias/${aws:username}'}", 'aws:username'],
    ['an unknown pseudo parameter', '{AliasName: !Ref AWS::Nope}', 'AWS::Nope'],
    ['several, each once, in order', "{AliasName: !Sub '${B}${A}${B}', TargetKeyId: !Ref C}", 'B, A, C'],
  ])('%s', (_name, props, names) => {
    expect(withProps(props)).toEqual(UNRESOLVED(names));
  });
  it('DependsOn, as a string and as a list', () => {
    expect(withProps('{}', '    DependsOn: Nope\n')).toEqual(UNRESOLVED('Nope'));
    expect(withProps('{}', '    DependsOn: [Key, Nope]\n')).toEqual(UNRESOLVED('Nope'));
  });
  it('Sub variables of the list form are not references', () => {
    expect(withProps("{AliasName: !Sub ['alias/${X}-${P}', {X: !Ref Key}]}")).toBeUndefined();
  });
  it('references in Outputs', () => {
    expect(check(`${KEY}Outputs:\n  O: {Value: !GetAtt Nope.Arn}\n`)).toEqual(validation('Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template'));
  });
  it('Conditions may not refer to resources', () => {
    expect(check(`Conditions:\n  C: !Equals [!Ref Key, x]\n${KEY}`)).toEqual(validation('Template format error: Unresolved dependencies [Key]. Cannot reference resources in the Conditions block of the template'));
  });
  it('conditions that refer to each other', () => {
    expect(check(`Conditions:\n  A: !Not [!Condition B]\n  B: !And [!Condition A, !Equals [a, a]]\n  C: !Equals [a, b]\n${KEY}`)).toEqual(validation('Template format error: Circular dependency between conditions: [A, B]'));
  });
  it('Fn::If on an undeclared condition', () => {
    expect(withProps('{AliasName: !If [Nope, a, b]}')).toEqual(validation('Template error: unresolved condition dependency Nope in Fn::If'));
  });
  it('a Condition operand naming an undeclared condition', () => {
    expect(check(`Conditions:\n  A: !Not [!Condition Nope]\n${KEY}`)).toEqual(validation('Template format error: Unresolved dependencies [Nope]. Cannot reference resources in the Conditions block of the template'));
  });
  it('circular dependencies', () => {
    expect(withProps('{TargetKeyId: !Ref Alias}')).toEqual(validation('Circular dependency between resources: [Alias]'));
  });
});

describe('functions', () => {
  it('an unsupported function', () => {
    expect(check('Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {Description: !Length [a]}\n')?.message).toMatch(/^Template format error: Encountered unsupported function: Fn::Length Supported functions are: \[Fn::Base64, /);
  });
  it('a bad argument is found before anything runs', () => {
    expect(check('Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {Description: !Join [a]}\n')?.message).toMatch(/^Template error: every Fn::Join object requires two parameters/);
  });
  it('Fn::Cidr', () => {
    expect(check('Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {Description: !Cidr [10.0.0.0/16, 2, 8]}\n')?.message).toMatch(/^Template error: kms does not support Fn::Cidr/);
  });
  it('And/Or with 11 conditions', () => {
    const eqs = Array.from({ length: 11 }, () => '!Equals [a, a]').join(', ');
    expect(check(`Conditions:\n  A: !Or [${eqs}]\n${KEY}`)).toEqual(validation('Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters.'));
  });
});

describe('parameters', () => {
  const param = (decl: string) => check(`Parameters:\n  P: ${decl}\n${KEY}`);
  it.each(['String', 'Number', 'List<Number>', 'CommaDelimitedList'])('the type %s', (type) => {
    expect(param(`{Type: '${type}'}`)).toBeUndefined();
  });
  it('a Type is required', () => {
    expect(param('{Default: x}')).toEqual(validation('Template format error: Every Parameters object must contain a Type member.'));
  });
  it('an unknown type', () => {
    expect(param('{Type: Strin}')).toEqual(validation('Template format error: Unrecognized parameter type: Strin'));
  });
  it.each(['AWS::SSM::Parameter::Value<String>', 'AWS::SSM::Parameter::Name', 'AWS::SSM::Parameter::Value<List<AWS::EC2::Image::Id>>'])('SSM type %s', (type) => {
    expect(param(`{Type: '${type}'}`)).toEqual(
      validation(`Parameter 'P' has type ${type}, which kms does not support: kms has no Systems Manager Parameter Store to read values from. Declare it as String and give its value.`),
    );
  });
  it.each(['AWS::EC2::VPC::Id', 'List<AWS::EC2::Subnet::Id>', 'AWS::Route53::HostedZone::Id'])('AWS-specific type %s', (type) => {
    expect(param(`{Type: '${type}'}`)).toEqual(
      validation(`Parameter 'P' has the AWS-specific type ${type}, which kms does not support: kms has no EC2 or Route 53 resources to check values against. Declare it as String.`),
    );
  });
  it('AllowedValues is a list', () => {
    expect(param('{Type: String, AllowedValues: a}')).toEqual(validation('Template format error: Every AllowedValues member must be a list.'));
  });
  it('an unknown attribute', () => {
    expect(param('{Type: String, Allowed: [a]}')).toEqual(validation("Template format error: Invalid template parameter property 'Allowed'"));
  });
  it('a name is alphanumeric', () => {
    expect(check(`Parameters:\n  my_param: {Type: String}\n${KEY}`)).toEqual(validation('Template format error: Parameter name my_param is non alphanumeric.'));
  });
  it('a bound is a number', () => {
    expect(param('{Type: Number, MinValue: seven}')).toEqual(validation("Template format error: Parameter 'P' MinValue must be a number"));
  });
});

describe('outputs and mappings', () => {
  it('every output has a Value', () => {
    expect(check(`${KEY}Outputs:\n  O: {Description: no value}\n`)).toEqual(validation('Template format error: Every Outputs member must contain a Value object'));
  });
  it('an output Condition must be declared', () => {
    expect(check(`${KEY}Outputs:\n  O: {Value: x, Condition: Nope}\n`)).toEqual(validation('Template format error: Unresolved dependencies [Nope]. Cannot reference resources in the Conditions block of the template'));
  });
  it('an Export has a Name', () => {
    expect(check(`${KEY}Outputs:\n  O: {Value: x, Export: {}}\n`)).toEqual(validation('Template format error: Every Export member must contain a Name object'));
  });
  it('a mapping is a map of maps of text or lists', () => {
    expect(check(`Mappings:\n  M: [a]\n${KEY}`)).toEqual(validation('Template format error: Every Mappings member M must be a map'));
    expect(check(`Mappings:\n  M: {k: v}\n${KEY}`)).toEqual(validation('Template format error: Every Mappings member M must be a map'));
    expect(check(`Mappings:\n  M: {k: {a: {b: c}}}\n${KEY}`)).toEqual(validation('Template format error: Every Mappings attribute must be a String or a List.'));
  });
});
