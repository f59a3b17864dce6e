// Fuzzing CloudFormation templates (src/services/cloudformation/template): the parser and the
// structural pre-flight, ValidateTemplate, and CreateStack on the engine. Any body is a template or
// a ValidationError; a stack that starts either completes or fails with reasons a person can read.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runOperation } from '../../src/engine/index.js';
import { KmsError } from '../../src/errors.js';
import { service as cfn } from '../../src/services/cloudformation/index.js';
import { checkTemplate, parseTemplate } from '../../src/services/cloudformation/template/index.js';
import { makeEnv, type TestEnv } from '../engine/helpers.js';
import { depthOf, errorOf, expectCleanObjectPrototype, fuzz, hostileString, mutatedJson, mutatedText, nestedText, outcome, outcomeAsync } from './support.js';

const KMS_TYPES: ReadonlySet<string> = new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::KMS::ReplicaKey']);

/** A template that uses every section and most intrinsic functions, and deploys. */
const SEED_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: Fuzz seed
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
  Days: {Type: Number, MinValue: 7, MaxValue: 30, Default: 7}
  Names: {Type: CommaDelimitedList, Default: 'a,b'}
  Secret: {Type: String, NoEcho: true, Default: x}
Mappings:
  Sizes:
    dev: {Rotate: 'false'}
    prod: {Rotate: 'true'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Either: !Or [!Condition IsProd, !Condition NotProd]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: !Join ['-', [!Ref 'AWS::StackName', !Select [0, !Ref Names], !Sub '\${Env}-key']]
      EnableKeyRotation: !FindInMap [Sizes, !Ref Env, Rotate]
      PendingWindowInDays: !If [IsProd, !Ref Days, !Ref 'AWS::NoValue']
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}
            Action: 'kms:*'
            Resource: '*'
      Tags:
        - {Key: env, Value: !If [IsProd, production, development]}
        - {Key: name, Value: !Base64 x}
  Alias:
    Type: AWS::KMS::Alias
    Condition: Either
    DependsOn: Key
    Properties:
      AliasName: !Sub 'alias/\${AWS::StackName}-\${Env}'
      TargetKeyId: !GetAtt Key.Arn
Outputs:
  KeyArn:
    Value: !GetAtt Key.Arn
    Export: {Name: !Sub '\${AWS::StackName}-arn'}
  Split:
    Value: !Select [1, !Split [',', 'x,y,z']]
`;
const SEED_JSON = parseTemplate(SEED_YAML) as unknown;

const templateTokens = fc.oneof(
  hostileString,
  fc.constantFrom(
    '!Ref ', '!Sub ', '!GetAtt ', '!If ', '!Join ', '!Select ', '!Split ', '!FindInMap ', '!Equals ', '!Not ', '!Condition ', '!Base64 ', '!GetAZs ', '!ImportValue ', '!Cidr ', '!Transform ', '!Foo ',
    'Fn::', 'Ref', '${', '${AWS::Region}', '${Key.Arn}', '${!x}', 'AWS::NoValue', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'Condition', 'DependsOn', 'Key', 'Alias', 'Env',
    '&a ', '*a', '<<: *a', '- ', ': ', '? ', '{', '}', '[', ']', ',', '\n', '  ', '\t', "'", '"', '#', '---\n', '1e400', '-1', '99999999999999999999', 'null', '~', '.nan',
  ),
);

const bodies = fc.oneof(
  { weight: 3, arbitrary: mutatedText(SEED_YAML, templateTokens) },
  { weight: 4, arbitrary: mutatedJson(SEED_JSON).map((t) => JSON.stringify(t) ?? 'null') },
  // yaml's own stringify recurses: past a few hundred levels the generator, not kms, would overflow
  { weight: 1, arbitrary: mutatedJson(SEED_JSON).filter((t) => depthOf(t) < 200).map((t) => stringify(t, { aliasDuplicateObjects: false }) as string) },
  { weight: 1, arbitrary: fc.array(templateTokens, { maxLength: 20 }).map((t) => t.join('')) },
  {
    weight: 1,
    arbitrary: fc.record({ n: fc.integer({ min: 100, max: 2_000 }), kind: fc.constantFrom('[', '{"a":', '- ', '{a: ') }).map(({ n, kind }) =>
      kind === '[' ? `Resources: ${nestedText('[', 'x', ']', n)}` : kind === '{"a":' ? `{"Resources": ${nestedText('{"a":', '1', '}', n)}}` : kind === '- ' ? `Resources:\n  ${'- '.repeat(n)}x` : `Resources: ${nestedText('{a: ', 'x', '}', n)}`,
    ),
  },
);

/** The CloudFormation texts are ValidationError (or another of its model's exceptions), never a crash. */
function expectTemplateError(err: Error): void {
  expect(err).toBeInstanceOf(KmsError);
  expect(err.message.length).toBeGreaterThan(0);
}

describe('template parser and pre-flight', () => {
  it('any body (edited YAML and JSON, junk, deep nesting) is a checked template or a ValidationError', async () => {
    await fuzz('cloudformation: parse + check', 120, bodies, (body) => {
      const r = outcome(() => checkTemplate(parseTemplate(body), KMS_TYPES));
      expectCleanObjectPrototype();
      if (!r.ok) expectTemplateError(r.error);
      return r.ok ? 'accepted' : 'refused';
    });
  });

  it('a parameter bound that is a map or a list is a format error (regression: {toString: 30} threw a TypeError)', () => {
    for (const bound of ['{toString: 30}', '[7]', '{}', 'true']) {
      const r = outcome(() => checkTemplate(parseTemplate(`Parameters:\n  P: {Type: Number, MaxValue: ${bound}}\nResources:\n  K: {Type: AWS::KMS::Key}\n`), KMS_TYPES));
      expect(r.ok).toBe(false);
      expect(errorOf(r).message).toBe("Template format error: Parameter 'P' MaxValue must be a number");
    }
  });

  it('a template nested past 256 levels is refused before anything recursive walks it (regression: the process could abort)', () => {
    for (const body of [`Resources: ${nestedText('[', 'x', ']', 25_000)}`, `Resources:\n  ${'- '.repeat(25_000)}x`, `{"Resources": ${nestedText('[', '1', ']', 25_000)}}`, `{"Resources": ${nestedText('[', '1', ']', 25_000, false)}`]) {
      const r = outcome(() => parseTemplate(body));
      expect(r.ok).toBe(false);
      expect(errorOf(r).message).toBe('Template format error: the template nests more than 256 levels deep.');
    }
    expect(outcome(() => parseTemplate(`{"Resources": {"a": ${nestedText('[', '1', ']', 254)}}}`)).ok).toBe(true);
  });
});

describe('ValidateTemplate and CreateStack on the engine', () => {
  let env: TestEnv;
  let stacks = 0;
  beforeAll(() => {
    env = makeEnv('us-east-1', 'cfn-fuzz');
  });
  const call = (op: string, req: Record<string, unknown>) => runOperation(env.ctx, cfn, op, req);

  it('ValidateTemplate answers any body with its parameters or an API exception', async () => {
    await fuzz('cloudformation: ValidateTemplate', 80, bodies, async (body) => {
      const r = await outcomeAsync(() => call('ValidateTemplate', { TemplateBody: body }));
      if (!r.ok) {
        expectTemplateError(r.error);
        return 'refused';
      }
      expect(Array.isArray(r.value.Parameters)).toBe(true);
      return 'accepted';
    });
  });

  it('CreateStack with an edited template: an API exception, or a stack that completes or fails with readable reasons', async () => {
    const input = fc.record({
      body: fc.oneof(mutatedText(SEED_YAML, templateTokens), mutatedJson(SEED_JSON).map((t) => JSON.stringify(t) ?? 'null')),
      params: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.record({ ParameterKey: fc.constantFrom('Env', 'Days', 'Names', 'Secret', 'Nope', '__proto__'), ParameterValue: fc.oneof(hostileString, fc.constantFrom('prod', 'dev', '30', '6', '')) }), { maxLength: 2 }) }),
    });
    await fuzz('cloudformation: CreateStack', 50, input, async ({ body, params }) => {
      const name = `s${stacks++}`;
      const r = await outcomeAsync(() => call('CreateStack', { StackName: name, TemplateBody: body, Parameters: params }));
      if (!r.ok) {
        expectTemplateError(r.error);
        return 'refused';
      }
      const stack = ((await call('DescribeStacks', { StackName: name })).Stacks as Record<string, unknown>[])[0]!;
      expect(['CREATE_COMPLETE', 'ROLLBACK_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_FAILED']).toContain(stack.StackStatus);
      const events = (await call('DescribeStackEvents', { StackName: name })).StackEvents as Record<string, unknown>[];
      for (const e of events) {
        // a reason is AWS's text or a handler's message, never a JavaScript engine error
        expect(String(e.ResourceStatusReason ?? '')).not.toMatch(/Cannot read propert|is not a function|is not iterable|Maximum call stack|undefined \(reading|TypeError|RangeError/);
      }
      return String(stack.StackStatus);
    });
  });
});
