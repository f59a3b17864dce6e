// The stack engine through the engine's API: CreateStack, UpdateStack, DeleteStack and change sets
// of AWS::KMS::Key, Alias and ReplicaKey stacks, with the statuses, events (newest first), resources
// and exports AWS shows, and the KMS state each step leaves (research note §1, §3.6, §4.2–4.5).
// Every call goes through runOperation, so each KMS call a stack makes is a KMS operation of its own,
// authorized as the stack's caller.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../../src/engine/context.js';
import { runOperation } from '../../../src/engine/index.js';
import { service as cfn } from '../../../src/services/cloudformation/index.js';
import { CLOUDFORMATION_ERROR_CODES, model as cfnModel } from '../../../src/services/cloudformation/model/index.js';
import { service as kms } from '../../../src/services/kms/index.js';
import { stackRecordName } from '../../../src/services/cloudformation/records.js';
import type { StackRecord } from '../../../src/services/cloudformation/stacks/store.js';
import { DAY, expectKmsError, makeEnv, type TestEnv } from '../../engine/helpers.js';
import { ALICE, allow, doc } from '../../support/policies.js';
import { iamUser } from './support.js';

const ACCOUNT = '111122223333';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STACK_ID = (region: string, name: string) => new RegExp(`^arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${name}/[0-9a-f-]{36}$`);
const TOKEN = /\(RequestToken: [0-9a-f-]{36}, /g;
const handlerMessage = (message: string, code: string) => `Resource handler returned message: "${message}" (RequestToken: <token>, HandlerErrorCode: ${code})`;

type Req = Record<string, unknown>;
type Row = Record<string, unknown>;

interface World {
  env: TestEnv;
  /** A CloudFormation operation as the root of the account (or as `ctx`). */
  cfn(op: string, req?: Req, ctx?: RunContext): Promise<Record<string, unknown>>;
  /** A KMS operation as the root (or as `ctx`). */
  kms(op: string, req?: Req, ctx?: RunContext): Promise<Record<string, unknown>>;
  create(name: string, body: string, extra?: Req, ctx?: RunContext): Promise<string>;
  stack(nameOrId: string, ctx?: RunContext): Promise<Row>;
  status(nameOrId: string, ctx?: RunContext): Promise<string>;
  /** DescribeStackEvents, newest first. */
  events(nameOrId: string, ctx?: RunContext): Promise<Row[]>;
  /** The events as `Logical STATUS[: reason]` lines, newest first (request tokens masked). */
  lines(nameOrId: string, ctx?: RunContext): Promise<string[]>;
  /** ListStackResources's summaries. */
  resources(nameOrId: string, ctx?: RunContext): Promise<Row[]>;
  physical(nameOrId: string, logicalId: string, ctx?: RunContext): Promise<string>;
  key(keyId: string, ctx?: RunContext): Promise<Row>;
  keyIds(ctx?: RunContext): Promise<string[]>;
  /** Customer aliases: name → target key id. */
  aliases(ctx?: RunContext): Promise<Record<string, string>>;
  tags(keyId: string, ctx?: RunContext): Promise<Record<string, string>>;
  rotation(keyId: string, ctx?: RunContext): Promise<boolean>;
  outputs(nameOrId: string, ctx?: RunContext): Promise<Record<string, string>>;
}

function world(region = 'us-east-1'): World {
  const env = makeEnv(region);
  const w: World = {
    env,
    cfn: (op, req = {}, ctx = env.ctx) => runOperation(ctx, cfn, op, req),
    kms: (op, req = {}, ctx = env.ctx) => runOperation(ctx, kms, op, req),
    async create(name, body, extra = {}, ctx) {
      return (await w.cfn('CreateStack', { StackName: name, TemplateBody: body, ...extra }, ctx)).StackId as string;
    },
    async stack(nameOrId, ctx) {
      const stacks = (await w.cfn('DescribeStacks', { StackName: nameOrId }, ctx)).Stacks as Row[];
      expect(stacks).toHaveLength(1);
      return stacks[0]!;
    },
    status: async (nameOrId, ctx) => (await w.stack(nameOrId, ctx)).StackStatus as string,
    events: async (nameOrId, ctx) => (await w.cfn('DescribeStackEvents', { StackName: nameOrId }, ctx)).StackEvents as Row[],
    async lines(nameOrId, ctx) {
      return (await w.events(nameOrId, ctx)).map((e) => {
        const reason = e.ResourceStatusReason === undefined ? '' : `: ${String(e.ResourceStatusReason).replace(TOKEN, '(RequestToken: <token>, ')}`;
        return `${String(e.LogicalResourceId)} ${String(e.ResourceStatus)}${reason}`;
      });
    },
    resources: async (nameOrId, ctx) => (await w.cfn('ListStackResources', { StackName: nameOrId }, ctx)).StackResourceSummaries as Row[],
    async physical(nameOrId, logicalId, ctx) {
      const detail = (await w.cfn('DescribeStackResource', { StackName: nameOrId, LogicalResourceId: logicalId }, ctx)).StackResourceDetail as Row;
      return detail.PhysicalResourceId as string;
    },
    key: async (keyId, ctx) => (await w.kms('DescribeKey', { KeyId: keyId }, ctx)).KeyMetadata as Row,
    keyIds: async (ctx) => ((await w.kms('ListKeys', {}, ctx)).Keys as Row[]).map((k) => k.KeyId as string),
    async aliases(ctx) {
      const list = (await w.kms('ListAliases', {}, ctx)).Aliases as Row[];
      return Object.fromEntries(list.filter((a) => !String(a.AliasName).startsWith('alias/aws/')).map((a) => [a.AliasName as string, a.TargetKeyId as string]));
    },
    async tags(keyId, ctx) {
      const list = (await w.kms('ListResourceTags', { KeyId: keyId }, ctx)).Tags as Array<{ TagKey: string; TagValue: string }>;
      return Object.fromEntries(list.map((t) => [t.TagKey, t.TagValue]));
    },
    rotation: async (keyId, ctx) => (await w.kms('GetKeyRotationStatus', { KeyId: keyId }, ctx)).KeyRotationEnabled as boolean,
    async outputs(nameOrId, ctx) {
      const outputs = ((await w.stack(nameOrId, ctx)).Outputs as Row[] | undefined) ?? [];
      return Object.fromEntries(outputs.map((o) => [o.OutputKey as string, o.OutputValue as string]));
    },
  };
  return w;
}

// ---- templates ----

/** The seed's template (research note §2.1), with a NoEcho parameter and a described output. */
const SEED = `AWSTemplateFormatVersion: '2010-09-09'
Description: Symmetric KMS key with an alias
Parameters:
  KeyDescription:
    Type: String
    Default: My KMS key
    Description: What the key is for
  AliasName:
    Type: String
    AllowedPattern: '^[a-zA-Z0-9/_-]+$'
  PendingWindowInDays: {Type: Number, MinValue: 7, MaxValue: 30, Default: 7}
  EnableKeyRotation: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}
  Owner: {Type: String, NoEcho: true, Default: nobody}
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
      Tags: [{Key: Name, Value: !Sub '\${AWS::StackName}-key'}]
  MyKMSAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub 'alias/\${AliasName}'
      TargetKeyId: !Ref MyKMSKey
Outputs:
  KeyId:
    Description: The key's id
    Value: !Ref MyKMSKey
  KeyArn:
    Value: !GetAtt MyKMSKey.Arn
    Export: {Name: !Sub '\${AWS::StackName}-KeyArn'}
  Alias: {Value: !Ref MyKMSAlias}
`;

const SEED_PARAMS = [
  { ParameterKey: 'KeyDescription', ParameterValue: 'Key created by CloudFormation' },
  { ParameterKey: 'AliasName', ParameterValue: 'my-cfn-key' },
  { ParameterKey: 'PendingWindowInDays', ParameterValue: '7' },
];

const SEED_POLICY = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** A key (window 7) and an alias of a given name: the alias fails when the name is taken. */
const keyAndAlias = (alias: string, keyAttributes = '') => `Resources:
  MyKey:
    Type: AWS::KMS::Key${keyAttributes}
    Properties:
      Description: made before the alias
      PendingWindowInDays: 7
  MyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: ${alias}
      TargetKeyId: !Ref MyKey
`;

/** A template whose every property of interest is a parameter (updates change the values). */
const UPDATABLE = `Parameters:
  Desc: {Type: String, Default: first}
  Rotate: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}
  AliasName: {Type: String, Default: app}
  Team: {Type: String, Default: red}
Resources:
  MyKey:
    Type: AWS::KMS::Key
    Properties:
      Description: !Ref Desc
      EnableKeyRotation: !Ref Rotate
      Tags: [{Key: team, Value: !Ref Team}]
  MyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub 'alias/\${AliasName}'
      TargetKeyId: !Ref MyKey
Outputs:
  Alias: {Value: !Ref MyAlias}
`;

/** A key of the account's own with alias/taken: a stack's alias of that name fails. Returns the key's id. */
async function takenAlias(w: World): Promise<string> {
  const other = (await w.kms('CreateKey', { Description: "not the stack's" })).KeyMetadata as Row;
  await w.kms('CreateAlias', { AliasName: 'alias/taken', TargetKeyId: other.KeyId });
  return other.KeyId as string;
}

/** The Alias handler's pre-check failure, as the resource's CREATE_FAILED/UPDATE_FAILED reason. */
const ALIAS_EXISTS = handlerMessage("Resource of type 'AWS::KMS::Alias' with identifier 'alias/taken' already exists.", 'AlreadyExists');

const previous = (...keys: string[]) => keys.map((k) => ({ ParameterKey: k, UsePreviousValue: true }));

// ---- 1. the seed's stack ----

describe('the seed stack: a key with description, rotation, window, policy and tags, an alias, outputs', () => {
  it('reaches CREATE_COMPLETE with the events, resources, outputs and KMS state AWS shows', async () => {
    const w = world('ap-southeast-2');
    const created = w.env.clock.now();
    const stackId = await w.create('MyKMSKeyStack', SEED, { Parameters: SEED_PARAMS, Tags: [{ Key: 'project', Value: 'seed' }] });
    expect(stackId).toMatch(STACK_ID('ap-southeast-2', 'MyKMSKeyStack'));

    // the stack
    const stack = await w.stack('MyKMSKeyStack');
    const keyId = await w.physical('MyKMSKeyStack', 'MyKMSKey');
    const meta = await w.key(keyId);
    expect(stack).toMatchObject({
      StackId: stackId,
      StackName: 'MyKMSKeyStack',
      Description: 'Symmetric KMS key with an alias',
      StackStatus: 'CREATE_COMPLETE',
      CreationTime: created,
      DisableRollback: false,
      Tags: [{ Key: 'project', Value: 'seed' }],
    });
    expect(stack.StackStatusReason).toBeUndefined();
    const byKey = (a: Row, b: Row) => String(a.ParameterKey ?? a.OutputKey).localeCompare(String(b.ParameterKey ?? b.OutputKey));
    expect([...(stack.Parameters as Row[])].sort(byKey)).toEqual(
      [
        { ParameterKey: 'KeyDescription', ParameterValue: 'Key created by CloudFormation' },
        { ParameterKey: 'AliasName', ParameterValue: 'my-cfn-key' },
        { ParameterKey: 'PendingWindowInDays', ParameterValue: '7' },
        { ParameterKey: 'EnableKeyRotation', ParameterValue: 'true' },
        { ParameterKey: 'Owner', ParameterValue: '****' },
      ].sort(byKey),
    );
    // the outputs are DescribeKey's id and ARN
    expect([...(stack.Outputs as Row[])].sort(byKey)).toEqual(
      [
        { OutputKey: 'KeyId', OutputValue: meta.KeyId, Description: "The key's id" },
        { OutputKey: 'KeyArn', OutputValue: meta.Arn, ExportName: 'MyKMSKeyStack-KeyArn' },
        { OutputKey: 'Alias', OutputValue: 'alias/my-cfn-key' },
      ].sort(byKey),
    );
    expect(meta.Arn).toBe(`arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${keyId}`);

    // the KMS state
    expect(meta).toMatchObject({ Description: 'Key created by CloudFormation', KeyState: 'Enabled', Enabled: true, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', MultiRegion: false });
    expect(await w.rotation(keyId)).toBe(true);
    expect(await w.aliases()).toEqual({ 'alias/my-cfn-key': keyId });
    // stack tags and the resource's own; CloudFormation adds no aws:cloudformation:* tags to KMS keys
    expect(await w.tags(keyId)).toEqual({ project: 'seed', Name: 'MyKMSKeyStack-key' });
    const policy = (await w.kms('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy as string;
    expect(JSON.parse(policy)).toEqual(SEED_POLICY);
    expect(await w.keyIds()).toEqual([keyId]);

    // the events, newest first
    expect(await w.lines('MyKMSKeyStack')).toEqual([
      'MyKMSKeyStack CREATE_COMPLETE',
      'MyKMSAlias CREATE_COMPLETE',
      'MyKMSAlias CREATE_IN_PROGRESS: Resource creation Initiated',
      'MyKMSAlias CREATE_IN_PROGRESS',
      'MyKMSKey CREATE_COMPLETE',
      'MyKMSKey CREATE_IN_PROGRESS: Resource creation Initiated',
      'MyKMSKey CREATE_IN_PROGRESS',
      'MyKMSKeyStack CREATE_IN_PROGRESS: User Initiated',
    ]);
    const events = await w.events('MyKMSKeyStack');
    for (const e of events) expect(e).toMatchObject({ StackId: stackId, StackName: 'MyKMSKeyStack', Timestamp: expect.any(Date) });
    const [last, , , aliasFirst, , keySecond, keyFirst, first] = events;
    expect(first).toMatchObject({ LogicalResourceId: 'MyKMSKeyStack', PhysicalResourceId: stackId, ResourceType: 'AWS::CloudFormation::Stack', ResourceStatusReason: 'User Initiated' });
    expect(first!.EventId).toMatch(UUID);
    expect(last).toMatchObject({ LogicalResourceId: 'MyKMSKeyStack', PhysicalResourceId: stackId, ResourceType: 'AWS::CloudFormation::Stack' });
    // the first CREATE_IN_PROGRESS has no physical id yet, the second has it
    expect(keyFirst).toMatchObject({ ResourceType: 'AWS::KMS::Key', PhysicalResourceId: '' });
    expect(keyFirst!.ResourceStatusReason).toBeUndefined();
    expect(keySecond).toMatchObject({ ResourceType: 'AWS::KMS::Key', PhysicalResourceId: keyId, ResourceStatusReason: 'Resource creation Initiated' });
    expect(aliasFirst).toMatchObject({ ResourceType: 'AWS::KMS::Alias', PhysicalResourceId: '' });
    expect(keyFirst!.EventId).toMatch(/^MyKMSKey-CREATE_IN_PROGRESS-/);
    expect(JSON.parse(keyFirst!.ResourceProperties as string)).toMatchObject({ Description: 'Key created by CloudFormation', KeyPolicy: SEED_POLICY });

    // the resources, three ways
    const summaries = await w.resources('MyKMSKeyStack');
    expect(summaries).toEqual([
      { LogicalResourceId: 'MyKMSKey', PhysicalResourceId: keyId, ResourceType: 'AWS::KMS::Key', LastUpdatedTimestamp: expect.any(Date), ResourceStatus: 'CREATE_COMPLETE', DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' } },
      { LogicalResourceId: 'MyKMSAlias', PhysicalResourceId: 'alias/my-cfn-key', ResourceType: 'AWS::KMS::Alias', LastUpdatedTimestamp: expect.any(Date), ResourceStatus: 'CREATE_COMPLETE', DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' } },
    ]);
    const described = (await w.cfn('DescribeStackResources', { StackName: 'MyKMSKeyStack' })).StackResources as Row[];
    expect(described.map((r) => [r.LogicalResourceId, r.PhysicalResourceId, r.ResourceStatus])).toEqual([
      ['MyKMSKey', keyId, 'CREATE_COMPLETE'],
      ['MyKMSAlias', 'alias/my-cfn-key', 'CREATE_COMPLETE'],
    ]);
    for (const r of described) expect(r).toMatchObject({ StackName: 'MyKMSKeyStack', StackId: stackId, Timestamp: expect.any(Date) });
    // by physical id: the stack that holds the key
    const holder = (await w.cfn('DescribeStackResources', { PhysicalResourceId: keyId })).StackResources as Row[];
    expect(holder.map((r) => [r.StackName, r.LogicalResourceId])).toEqual([['MyKMSKeyStack', 'MyKMSKey']]);
    const detail = (await w.cfn('DescribeStackResource', { StackName: stackId, LogicalResourceId: 'MyKMSAlias' })).StackResourceDetail as Row;
    expect(detail).toMatchObject({ StackName: 'MyKMSKeyStack', StackId: stackId, LogicalResourceId: 'MyKMSAlias', PhysicalResourceId: 'alias/my-cfn-key', ResourceType: 'AWS::KMS::Alias', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: expect.any(Date) });
    await expectKmsError(w.cfn('DescribeStackResource', { StackName: 'MyKMSKeyStack', LogicalResourceId: 'Nope' }), 'ValidationError', 'Resource Nope does not exist for stack MyKMSKeyStack');

    // the template, byte for byte; the export; the template's parameters
    expect(await w.cfn('GetTemplate', { StackName: 'MyKMSKeyStack' })).toMatchObject({ TemplateBody: SEED });
    expect((await w.cfn('ListExports')).Exports).toEqual([{ ExportingStackId: stackId, Name: 'MyKMSKeyStack-KeyArn', Value: meta.Arn }]);
    const summary = await w.cfn('GetTemplateSummary', { StackName: 'MyKMSKeyStack' });
    expect(summary).toMatchObject({ Description: 'Symmetric KMS key with an alias', Version: '2010-09-09' });
    expect([...(summary.ResourceTypes as string[])].sort()).toEqual(['AWS::KMS::Alias', 'AWS::KMS::Key']);
    const summaryParams = Object.fromEntries((summary.Parameters as Row[]).map((p) => [p.ParameterKey, p]));
    expect(Object.keys(summaryParams).sort()).toEqual(['AliasName', 'EnableKeyRotation', 'KeyDescription', 'Owner', 'PendingWindowInDays']);
    expect(summaryParams.KeyDescription).toMatchObject({ DefaultValue: 'My KMS key', ParameterType: 'String', NoEcho: false, Description: 'What the key is for' });
    expect(summaryParams.EnableKeyRotation).toMatchObject({ DefaultValue: 'true', ParameterConstraints: { AllowedValues: ['true', 'false'] } });
    expect(summaryParams.PendingWindowInDays).toMatchObject({ DefaultValue: '7', ParameterType: 'Number' });
    expect(summaryParams.AliasName!.DefaultValue).toBeUndefined();
    expect(summaryParams.Owner).toMatchObject({ NoEcho: true });
    const validated = await w.cfn('ValidateTemplate', { TemplateBody: SEED });
    expect(validated.Description).toBe('Symmetric KMS key with an alias');
    const validatedParams = Object.fromEntries((validated.Parameters as Row[]).map((p) => [p.ParameterKey, p]));
    expect(Object.keys(validatedParams).sort()).toEqual(['AliasName', 'EnableKeyRotation', 'KeyDescription', 'Owner', 'PendingWindowInDays']);
    expect(validatedParams.KeyDescription).toEqual({ ParameterKey: 'KeyDescription', DefaultValue: 'My KMS key', NoEcho: false, Description: 'What the key is for' });
    expect(validatedParams.AliasName).toEqual({ ParameterKey: 'AliasName', NoEcho: false });
    expect(validatedParams.Owner).toMatchObject({ NoEcho: true });
    // the whole list
    expect((await w.cfn('ListStacks')).StackSummaries).toEqual([
      expect.objectContaining({ StackId: stackId, StackName: 'MyKMSKeyStack', StackStatus: 'CREATE_COMPLETE', TemplateDescription: 'Symmetric KMS key with an alias', CreationTime: created }),
    ]);
    // the stack lives in its Region only
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'MyKMSKeyStack' }, w.env.inRegion('us-east-1')), 'ValidationError', 'Stack with id MyKMSKeyStack does not exist');
  });
});

// ---- 2. names ----

describe('stack names', () => {
  it('a second create of a live name is AlreadyExistsException and changes nothing; missing stacks are ValidationError', async () => {
    const w = world();
    await w.create('Dup', SEED, { Parameters: SEED_PARAMS });
    const before = (await w.events('Dup')).length;
    const keys = await w.keyIds();
    await expectKmsError(w.create('Dup', SEED, { Parameters: SEED_PARAMS }), 'AlreadyExistsException', 'Stack [Dup] already exists');
    expect(await w.status('Dup')).toBe('CREATE_COMPLETE');
    expect(await w.events('Dup')).toHaveLength(before);
    expect(await w.keyIds()).toEqual(keys);

    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Missing' }), 'ValidationError', 'Stack with id Missing does not exist');
    await expectKmsError(w.cfn('DescribeStackEvents', { StackName: 'Missing' }), 'ValidationError', 'Stack [Missing] does not exist');
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Missing', TemplateBody: SEED }), 'ValidationError', 'Stack [Missing] does not exist');
    await expectKmsError(w.cfn('ListStackResources', { StackName: 'Missing' }), 'ValidationError', 'Stack [Missing] does not exist');
  });
});

// ---- 3. refusals before anything exists ----

describe('requests refused before any stack or key exists', () => {
  const KEY = `  K:
    Type: AWS::KMS::Key
`;
  const cases: Array<[string, string, Req, string, string | RegExp]> = [
    [
      'an unsupported resource type (every one named in one error)',
      `Resources:\n${KEY}  Bucket:\n    Type: AWS::S3::Bucket\n  Topic:\n    Type: AWS::SNS::Topic\n  Other:\n    Type: AWS::S3::Bucket\n`,
      {},
      'ValidationError',
      /^Template format error: Unrecognized resource types: \[AWS::S3::Bucket, AWS::SNS::Topic\]/,
    ],
    ['a parameter without a value', SEED, {}, 'ValidationError', 'Parameters: [AliasName] must have values'],
    [
      'a parameter the template lacks',
      SEED,
      { Parameters: [...SEED_PARAMS, { ParameterKey: 'Nope', ParameterValue: 'x' }] },
      'ValidationError',
      'Parameters: [Nope] do not exist in the template',
    ],
    [
      'a value outside AllowedValues',
      SEED,
      { Parameters: [...SEED_PARAMS, { ParameterKey: 'EnableKeyRotation', ParameterValue: 'yes' }] },
      'ValidationError',
      "Parameter 'EnableKeyRotation' must be one of AllowedValues",
    ],
    ['a Transform', `Transform: AWS::Serverless-2016-10-31\nResources:\n${KEY}`, {}, 'InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]'],
    [
      'YAML that is not well-formed',
      `Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: [unclosed\n`,
      {},
      'ValidationError',
      /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
    ],
    [
      'a Fn::GetAtt of an attribute the type lacks',
      `Resources:\n${KEY}  A:\n    Type: AWS::KMS::Alias\n    Properties: {AliasName: alias/a, TargetKeyId: !Ref K}\nOutputs:\n  Bad: {Value: !GetAtt A.Arn}\n`,
      {},
      'ValidationError',
      'Template error: resource A does not support attribute type Arn in Fn::GetAtt',
    ],
    [
      'a Ref to nothing',
      `Resources:\n  A:\n    Type: AWS::KMS::Alias\n    Properties: {AliasName: alias/a, TargetKeyId: !Ref Missing}\n`,
      {},
      'ValidationError',
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    ],
  ];
  for (const [what, body, extra, code, message] of cases) {
    it(`${what}: ${code}`, async () => {
      const w = world();
      await expectKmsError(w.create('Refused', body, extra), code, message);
      await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Refused' }), 'ValidationError', 'Stack with id Refused does not exist');
      expect((await w.cfn('ListStacks')).StackSummaries).toEqual([]);
      expect(await w.keyIds()).toEqual([]);
      expect(await w.aliases()).toEqual({});
    });
  }

  it('the YAML error gives the line and column of the fault', async () => {
    const w = world();
    const body = `Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: "open\n  Bad: [\n`;
    const e = await expectKmsError(w.create('Refused', body), 'ValidationError', /^Template format error: YAML not well-formed\. \(line (\d+), column (\d+)\)$/);
    const [, line] = /line (\d+)/.exec(e.message)!;
    expect(Number(line)).toBeGreaterThanOrEqual(5);
    expect(Number(line)).toBeLessThanOrEqual(7);
  });
});

// ---- 4. create failure and rollback ----

describe('a create that fails', () => {
  it('rolls back (the default): the alias CREATE_FAILED, the key made before scheduled for deletion, ROLLBACK_COMPLETE', async () => {
    const w = world();
    const other = await takenAlias(w);
    const stackId = await w.create('Fails', keyAndAlias('alias/taken'));
    const keyId = (await w.keyIds()).find((k) => k !== other)!;
    expect(await w.status('Fails')).toBe('ROLLBACK_COMPLETE');
    expect(await w.lines('Fails')).toEqual([
      'Fails ROLLBACK_COMPLETE',
      'MyKey DELETE_COMPLETE',
      'MyKey DELETE_IN_PROGRESS',
      'MyAlias DELETE_COMPLETE',
      'Fails ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [MyAlias]. Rollback requested by user.',
      `MyAlias CREATE_FAILED: ${ALIAS_EXISTS}`,
      'MyAlias CREATE_IN_PROGRESS',
      'MyKey CREATE_COMPLETE',
      'MyKey CREATE_IN_PROGRESS: Resource creation Initiated',
      'MyKey CREATE_IN_PROGRESS',
      'Fails CREATE_IN_PROGRESS: User Initiated',
    ]);
    const events = await w.events('Fails');
    expect(events.find((e) => e.ResourceStatus === 'DELETE_IN_PROGRESS')).toMatchObject({ LogicalResourceId: 'MyKey', PhysicalResourceId: keyId });
    // the key the stack made waits out its window; the other key and its alias are untouched
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 7 * DAY) });
    expect(await w.key(other)).toMatchObject({ KeyState: 'Enabled' });
    expect(await w.aliases()).toEqual({ 'alias/taken': other });
    expect(await w.resources('Fails')).toEqual([]);

    // a rolled-back stack can only be deleted
    await expectKmsError(
      w.cfn('UpdateStack', { StackName: 'Fails', TemplateBody: keyAndAlias('alias/free') }),
      'ValidationError',
      `Stack:${stackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    );
    await w.cfn('DeleteStack', { StackName: 'Fails' });
    expect(await w.status(stackId)).toBe('DELETE_COMPLETE');
    expect((await w.lines(stackId)).slice(0, 2)).toEqual(['Fails DELETE_COMPLETE', 'Fails DELETE_IN_PROGRESS: User Initiated']);
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Fails' }), 'ValidationError', 'Stack with id Fails does not exist');
  });

  it('OnFailure DO_NOTHING stops at CREATE_FAILED and keeps what was made', async () => {
    const w = world();
    const other = await takenAlias(w);
    await w.create('Stops', keyAndAlias('alias/taken'), { OnFailure: 'DO_NOTHING' });
    const stack = await w.stack('Stops');
    expect(stack.StackStatus).toBe('CREATE_FAILED');
    expect(stack.StackStatusReason).toMatch(/^The following resource\(s\) failed to create: \[MyAlias\]\.\s?$/);
    const keyId = await w.physical('Stops', 'MyKey');
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'Enabled' });
    expect((await w.resources('Stops')).map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual([
      ['MyKey', 'CREATE_COMPLETE'],
      ['MyAlias', 'CREATE_FAILED'],
    ]);
    expect(String((await w.resources('Stops'))[1]!.ResourceStatusReason).replace(TOKEN, '(RequestToken: <token>, ')).toBe(ALIAS_EXISTS);
    expect((await w.lines('Stops')).slice(0, 3)).toEqual([
      expect.stringMatching(/^Stops CREATE_FAILED: The following resource\(s\) failed to create: \[MyAlias\]\./),
      `MyAlias CREATE_FAILED: ${ALIAS_EXISTS}`,
      'MyAlias CREATE_IN_PROGRESS',
    ]);
    expect(await w.aliases()).toEqual({ 'alias/taken': other });
    // a CREATE_FAILED stack can be deleted
    await w.cfn('DeleteStack', { StackName: 'Stops' });
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion' });
  });

  it('OnFailure DELETE rolls back and deletes the stack', async () => {
    const w = world();
    await takenAlias(w);
    const stackId = await w.create('Deletes', keyAndAlias('alias/taken'), { OnFailure: 'DELETE' });
    expect(await w.status(stackId)).toBe('DELETE_COMPLETE');
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Deletes' }), 'ValidationError', 'Stack with id Deletes does not exist');
    const lines = await w.lines(stackId);
    expect(lines[0]).toBe('Deletes DELETE_COMPLETE');
    expect(lines).toContain('Deletes ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [MyAlias]. Rollback requested by user.');
    expect(lines).toContain('MyKey DELETE_COMPLETE');
    const keyId = (await w.events(stackId)).find((e) => e.ResourceStatus === 'DELETE_IN_PROGRESS')!.PhysicalResourceId as string;
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion' });
  });

  it('DisableRollback true behaves as DO_NOTHING; with OnFailure too it is a ValidationError', async () => {
    const w = world();
    await takenAlias(w);
    await w.create('NoRollback', keyAndAlias('alias/taken'), { DisableRollback: true });
    const stack = await w.stack('NoRollback');
    expect(stack).toMatchObject({ StackStatus: 'CREATE_FAILED', DisableRollback: true });
    expect(await w.key(await w.physical('NoRollback', 'MyKey'))).toMatchObject({ KeyState: 'Enabled' });

    const keys = await w.keyIds();
    await expectKmsError(w.create('Both', keyAndAlias('alias/free'), { DisableRollback: true, OnFailure: 'ROLLBACK' }), 'ValidationError', /OnFailure.*DisableRollback|DisableRollback.*OnFailure/);
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Both' }), 'ValidationError');
    expect(await w.keyIds()).toEqual(keys);
  });

  it('a stack left CREATE_FAILED by DisableRollback can be updated to finish it (AWS: "Update" resumes a failed create)', async () => {
    const w = world();
    await takenAlias(w);
    await w.create('Resume', keyAndAlias('alias/taken'), { DisableRollback: true });
    expect(await w.status('Resume')).toBe('CREATE_FAILED');
    const keyId = await w.physical('Resume', 'MyKey');
    await w.cfn('UpdateStack', { StackName: 'Resume', TemplateBody: keyAndAlias('alias/resumed'), DisableRollback: true });
    expect(await w.status('Resume')).toBe('UPDATE_COMPLETE');
    expect(await w.physical('Resume', 'MyKey')).toBe(keyId);
    expect(await w.physical('Resume', 'MyAlias')).toBe('alias/resumed');
    expect(await w.aliases()).toMatchObject({ 'alias/resumed': keyId });
  });
});

// ---- 5. updates ----

describe('UpdateStack', () => {
  it('updates in place: a description, rotation off; the alias renamed by replacement; a tag changed', async () => {
    const w = world();
    const stackId = await w.create('Upd', UPDATABLE);
    const keyId = await w.physical('Upd', 'MyKey');
    expect(await w.rotation(keyId)).toBe(true);
    expect(await w.tags(keyId)).toEqual({ team: 'red' });
    const eventsBefore = (await w.events('Upd')).length;

    // description and rotation: UpdateKeyDescription and DisableKeyRotation on the same key
    w.env.clock.advance(60_000);
    const updated = await w.cfn('UpdateStack', { StackName: 'Upd', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Desc', ParameterValue: 'second' }, { ParameterKey: 'Rotate', ParameterValue: 'false' }, ...previous('AliasName', 'Team')] });
    expect(updated.StackId).toBe(stackId);
    const stack = await w.stack('Upd');
    expect(stack).toMatchObject({ StackStatus: 'UPDATE_COMPLETE', LastUpdatedTime: w.env.clock.now() });
    expect(await w.physical('Upd', 'MyKey')).toBe(keyId);
    expect(await w.key(keyId)).toMatchObject({ Description: 'second', KeyState: 'Enabled' });
    expect(await w.rotation(keyId)).toBe(false);
    const lines = await w.lines('Upd');
    expect(lines.slice(0, lines.length - eventsBefore)).toEqual([
      'Upd UPDATE_COMPLETE',
      'Upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'MyKey UPDATE_COMPLETE',
      'MyKey UPDATE_IN_PROGRESS',
      'Upd UPDATE_IN_PROGRESS: User Initiated',
    ]);
    expect(Object.fromEntries(((stack.Parameters as Row[]) ?? []).map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({ Desc: 'second', Rotate: 'false', AliasName: 'app', Team: 'red' });

    // the alias renamed (a new alias, the old one deleted in the cleanup) and the tag changed
    const mid = (await w.events('Upd')).length;
    await w.cfn('UpdateStack', { StackName: 'Upd', TemplateBody: UPDATABLE, Parameters: [...previous('Desc', 'Rotate'), { ParameterKey: 'AliasName', ParameterValue: 'renamed' }, { ParameterKey: 'Team', ParameterValue: 'blue' }] });
    expect(await w.status('Upd')).toBe('UPDATE_COMPLETE');
    expect(await w.aliases()).toEqual({ 'alias/renamed': keyId });
    expect(await w.tags(keyId)).toEqual({ team: 'blue' });
    expect(await w.physical('Upd', 'MyAlias')).toBe('alias/renamed');
    expect(await w.outputs('Upd')).toEqual({ Alias: 'alias/renamed' });
    const all = await w.lines('Upd');
    expect(all.slice(0, all.length - mid)).toEqual([
      'Upd UPDATE_COMPLETE',
      'MyAlias DELETE_COMPLETE',
      'MyAlias DELETE_IN_PROGRESS',
      'Upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'MyAlias UPDATE_COMPLETE',
      'MyAlias UPDATE_IN_PROGRESS: Resource creation Initiated',
      'MyAlias UPDATE_IN_PROGRESS: Requested update requires the creation of a new physical resource; hence creating one.',
      'MyKey UPDATE_COMPLETE',
      'MyKey UPDATE_IN_PROGRESS',
      'Upd UPDATE_IN_PROGRESS: User Initiated',
    ]);
    const events = await w.events('Upd');
    const physicalOf = (status: string, reason?: string) =>
      events.find((e) => e.LogicalResourceId === 'MyAlias' && e.ResourceStatus === status && (reason === undefined || e.ResourceStatusReason === reason))!.PhysicalResourceId;
    expect(physicalOf('UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.')).toBe('alias/app');
    expect(physicalOf('UPDATE_IN_PROGRESS', 'Resource creation Initiated')).toBe('alias/renamed');
    expect(physicalOf('UPDATE_COMPLETE')).toBe('alias/renamed');
    expect(physicalOf('DELETE_IN_PROGRESS')).toBe('alias/app');
    expect(physicalOf('DELETE_COMPLETE')).toBe('alias/app');
    expect(await w.resources('Upd')).toHaveLength(2);
  });

  it('"No updates are to be performed." for an update that changes nothing, however it is asked', async () => {
    const w = world();
    await w.create('Same', UPDATABLE, { Parameters: [{ ParameterKey: 'Desc', ParameterValue: 'kept' }] });
    const count = (await w.events('Same')).length;
    const none = 'No updates are to be performed.';
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Same', TemplateBody: UPDATABLE, Parameters: [{ ParameterKey: 'Desc', ParameterValue: 'kept' }] }), 'ValidationError', none);
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Same', UsePreviousTemplate: true, Parameters: previous('Desc', 'Rotate', 'AliasName', 'Team') }), 'ValidationError', none);
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Same', UsePreviousTemplate: true, Parameters: previous('Desc') }), 'ValidationError', none);
    expect(await w.status('Same')).toBe('CREATE_COMPLETE');
    expect(await w.events('Same')).toHaveLength(count);
    expect((await w.stack('Same')).LastUpdatedTime).toBeUndefined();
  });

  it('a failing update (KeySpec changed) rolls back to UPDATE_ROLLBACK_COMPLETE with the previous template and parameters', async () => {
    const w = world();
    const body = `Parameters:
  Spec: {Type: String, Default: SYMMETRIC_DEFAULT}
  Desc: {Type: String, Default: before}
Resources:
  First:
    Type: AWS::KMS::Key
    Properties:
      Description: !Ref Desc
  Second:
    Type: AWS::KMS::Key
    DependsOn: First
    Properties:
      Description: second key
      KeySpec: !Ref Spec
      EnableKeyRotation: false
`;
    const stackId = await w.create('Immutable', body);
    const first = await w.physical('Immutable', 'First');
    const second = await w.physical('Immutable', 'Second');
    const count = (await w.events('Immutable')).length;
    const changed = `Description: an attempt\n${body}`;
    await w.cfn('UpdateStack', { StackName: 'Immutable', TemplateBody: changed, Parameters: [{ ParameterKey: 'Spec', ParameterValue: 'RSA_2048' }, { ParameterKey: 'Desc', ParameterValue: 'after' }] });
    const stack = await w.stack('Immutable');
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const lines = await w.lines('Immutable');
    const update = lines.slice(0, lines.length - count).reverse();
    const immutable = handlerMessage(
      'Invalid request provided: You cannot change the values of the KeySpec, KeyUsage, Origin, or MultiRegion properties of an AWS::KMS::Key resource.',
      'InvalidRequest',
    );
    expect(update.slice(0, 6)).toEqual([
      'Immutable UPDATE_IN_PROGRESS: User Initiated',
      'First UPDATE_IN_PROGRESS',
      'First UPDATE_COMPLETE',
      'Second UPDATE_IN_PROGRESS',
      `Second UPDATE_FAILED: ${immutable}`,
      expect.stringMatching(/^Immutable UPDATE_ROLLBACK_IN_PROGRESS: The following resource\(s\) failed to update: \[Second\]\.\s?$/),
    ]);
    expect(update.slice(-2)).toEqual(['Immutable UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'Immutable UPDATE_ROLLBACK_COMPLETE']);
    // First was put back (its description is the old one again)
    expect(update).toContain('First UPDATE_COMPLETE');
    expect(await w.key(first)).toMatchObject({ Description: 'before', KeyState: 'Enabled' });
    expect(await w.key(second)).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled' });
    expect(await w.keyIds()).toHaveLength(2);
    // the stack keeps its previous template and parameters
    expect((await w.cfn('GetTemplate', { StackName: stackId })).TemplateBody).toBe(body);
    expect(Object.fromEntries((stack.Parameters as Row[]).map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({ Spec: 'SYMMETRIC_DEFAULT', Desc: 'before' });
    expect(stack.Description).toBeUndefined();
    expect((await w.resources('Immutable')).map((r) => [r.LogicalResourceId, r.PhysicalResourceId, r.ResourceStatus])).toEqual([
      ['First', first, 'UPDATE_COMPLETE'],
      ['Second', second, 'UPDATE_COMPLETE'],
    ]);
    // and can be updated again from there; the previous values are the old ones
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Immutable', UsePreviousTemplate: true, Parameters: previous('Spec', 'Desc') }), 'ValidationError', 'No updates are to be performed.');
    await w.cfn('UpdateStack', { StackName: 'Immutable', UsePreviousTemplate: true, Parameters: [...previous('Spec'), { ParameterKey: 'Desc', ParameterValue: 'after' }] });
    expect(await w.status('Immutable')).toBe('UPDATE_COMPLETE');
    expect(await w.key(first)).toMatchObject({ Description: 'after' });
  });

  it('an update that adds a resource, then one that removes one (the removed key goes to PendingDeletion)', async () => {
    const w = world();
    const one = `Resources:\n  A:\n    Type: AWS::KMS::Key\n    Properties: {Description: a}\n`;
    const two = `${one}  B:\n    Type: AWS::KMS::Key\n    Properties: {Description: b, PendingWindowInDays: 10}\n`;
    const onlyB = `Resources:\n  B:\n    Type: AWS::KMS::Key\n    Properties: {Description: b, PendingWindowInDays: 10}\n`;
    await w.create('Grow', one);
    const a = await w.physical('Grow', 'A');
    let count = (await w.events('Grow')).length;

    await w.cfn('UpdateStack', { StackName: 'Grow', TemplateBody: two });
    expect(await w.status('Grow')).toBe('UPDATE_COMPLETE');
    const b = await w.physical('Grow', 'B');
    expect(b).not.toBe(a);
    expect(await w.key(b)).toMatchObject({ Description: 'b', KeyState: 'Enabled' });
    let lines = await w.lines('Grow');
    expect(lines.slice(0, lines.length - count)).toEqual([
      'Grow UPDATE_COMPLETE',
      'Grow UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'B CREATE_COMPLETE',
      'B CREATE_IN_PROGRESS: Resource creation Initiated',
      'B CREATE_IN_PROGRESS',
      'Grow UPDATE_IN_PROGRESS: User Initiated',
    ]);
    count = lines.length;

    w.env.clock.advance(DAY);
    await w.cfn('UpdateStack', { StackName: 'Grow', TemplateBody: onlyB });
    expect(await w.status('Grow')).toBe('UPDATE_COMPLETE');
    lines = await w.lines('Grow');
    expect(lines.slice(0, lines.length - count)).toEqual([
      'Grow UPDATE_COMPLETE',
      'A DELETE_COMPLETE',
      'A DELETE_IN_PROGRESS',
      'Grow UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Grow UPDATE_IN_PROGRESS: User Initiated',
    ]);
    // A had no PendingWindowInDays: KMS's 30 days
    expect(await w.key(a)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 30 * DAY) });
    expect(await w.key(b)).toMatchObject({ KeyState: 'Enabled' });
    expect((await w.resources('Grow')).map((r) => [r.LogicalResourceId, r.PhysicalResourceId])).toEqual([['B', b]]);
    await expectKmsError(w.cfn('DescribeStackResource', { StackName: 'Grow', LogicalResourceId: 'A' }), 'ValidationError', 'Resource A does not exist for stack Grow');
  });
});

describe('UpdateStack failures and stack tags', () => {
  it('an update whose new resource fails rolls back; the failed resource is not left in the stack', async () => {
    const w = world();
    const other = await takenAlias(w);
    await w.create('AddFails', keyAndAlias('alias/free'));
    const keyId = await w.physical('AddFails', 'MyKey');
    const count = (await w.events('AddFails')).length;
    const body = `${keyAndAlias('alias/free')}  Extra:\n    Type: AWS::KMS::Alias\n    Properties: {AliasName: alias/taken, TargetKeyId: !Ref MyKey}\n`;
    await w.cfn('UpdateStack', { StackName: 'AddFails', TemplateBody: body });
    expect(await w.status('AddFails')).toBe('UPDATE_ROLLBACK_COMPLETE');
    const lines = await w.lines('AddFails');
    const update = lines.slice(0, lines.length - count).reverse();
    expect(update.slice(0, 4)).toEqual([
      'AddFails UPDATE_IN_PROGRESS: User Initiated',
      'Extra CREATE_IN_PROGRESS',
      `Extra CREATE_FAILED: ${ALIAS_EXISTS}`,
      expect.stringMatching(/^AddFails UPDATE_ROLLBACK_IN_PROGRESS: The following resource\(s\) failed to create: \[Extra\]\.\s?$/),
    ]);
    expect(update[update.length - 1]).toBe('AddFails UPDATE_ROLLBACK_COMPLETE');
    expect(await w.aliases()).toEqual({ 'alias/free': keyId, 'alias/taken': other });
    expect((await w.cfn('GetTemplate', { StackName: 'AddFails' })).TemplateBody).toBe(keyAndAlias('alias/free'));
    // the failed resource is not the stack's once the update is rolled back
    expect((await w.resources('AddFails')).map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual([
      ['MyKey', 'CREATE_COMPLETE'],
      ['MyAlias', 'CREATE_COMPLETE'],
    ]);
    await expectKmsError(w.cfn('DescribeStackResource', { StackName: 'AddFails', LogicalResourceId: 'Extra' }), 'ValidationError', 'Resource Extra does not exist for stack AddFails');
    // the rollback's cleanup removes it, as a create's rollback does
    const cleanup = update.indexOf('AddFails UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(update.slice(cleanup)).toEqual(['AddFails UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'Extra DELETE_COMPLETE', 'AddFails UPDATE_ROLLBACK_COMPLETE']);
  });

  it('a replacement that cannot be made fails the update; the old alias stays the stack\'s', async () => {
    const w = world();
    const other = await takenAlias(w);
    await w.create('Rename', keyAndAlias('alias/free'));
    const keyId = await w.physical('Rename', 'MyKey');
    await w.cfn('UpdateStack', { StackName: 'Rename', TemplateBody: keyAndAlias('alias/taken') });
    expect(await w.status('Rename')).toBe('UPDATE_ROLLBACK_COMPLETE');
    const lines = await w.lines('Rename');
    expect(lines).toContain('MyAlias UPDATE_IN_PROGRESS: Requested update requires the creation of a new physical resource; hence creating one.');
    expect(lines).toContain(`MyAlias UPDATE_FAILED: ${ALIAS_EXISTS}`);
    expect(lines.some((l) => /^Rename UPDATE_ROLLBACK_IN_PROGRESS: The following resource\(s\) failed to update: \[MyAlias\]\.\s?$/.test(l))).toBe(true);
    expect(await w.aliases()).toEqual({ 'alias/free': keyId, 'alias/taken': other });
    expect(await w.physical('Rename', 'MyAlias')).toBe('alias/free');
    expect((await w.cfn('GetTemplate', { StackName: 'Rename' })).TemplateBody).toBe(keyAndAlias('alias/free'));
    // the stack still deletes cleanly: its alias, not the one it failed to take
    await w.cfn('DeleteStack', { StackName: 'Rename' });
    expect(await w.aliases()).toEqual({ 'alias/taken': other });
  });

  it('a replacement made before a later failure is undone: the new alias deleted, the old one kept', async () => {
    const w = world();
    const body = `Parameters:
  Name: {Type: String, Default: alias/before}
  Spec: {Type: String, Default: SYMMETRIC_DEFAULT}
Resources:
  Key1:
    Type: AWS::KMS::Key
  Alias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: !Ref Name, TargetKeyId: !Ref Key1}
  Key2:
    Type: AWS::KMS::Key
    DependsOn: Alias
    Properties: {KeySpec: !Ref Spec}
`;
    await w.create('Undo', body);
    const key1 = await w.physical('Undo', 'Key1');
    await w.cfn('UpdateStack', { StackName: 'Undo', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Name', ParameterValue: 'alias/after' }, { ParameterKey: 'Spec', ParameterValue: 'RSA_2048' }] });
    expect(await w.status('Undo')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await w.aliases()).toEqual({ 'alias/before': key1 });
    expect(await w.physical('Undo', 'Alias')).toBe('alias/before');
    const lines = (await w.lines('Undo')).reverse();
    const cleanup = lines.indexOf('Undo UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(cleanup).toBeGreaterThan(0);
    expect(lines.slice(cleanup)).toEqual(['Undo UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'Alias DELETE_IN_PROGRESS', 'Alias DELETE_COMPLETE', 'Undo UPDATE_ROLLBACK_COMPLETE']);
    const events = await w.events('Undo');
    expect(events.find((e) => e.LogicalResourceId === 'Alias' && e.ResourceStatus === 'DELETE_IN_PROGRESS')!.PhysicalResourceId).toBe('alias/after');
    expect(Object.fromEntries(((await w.stack('Undo')).Parameters as Row[]).map((p) => [p.ParameterKey, p.ParameterValue]))).toEqual({ Name: 'alias/before', Spec: 'SYMMETRIC_DEFAULT' });
  });

  it('stack-level tags tag the keys; UpdateStack with other Tags retags them', async () => {
    const w = world();
    await w.create('Tagged', UPDATABLE, { Tags: [{ Key: 'env', Value: 'dev' }] });
    const keyId = await w.physical('Tagged', 'MyKey');
    expect(await w.tags(keyId)).toEqual({ env: 'dev', team: 'red' });
    await w.cfn('UpdateStack', { StackName: 'Tagged', UsePreviousTemplate: true, Parameters: previous('Desc', 'Rotate', 'AliasName', 'Team'), Tags: [{ Key: 'env', Value: 'prod' }] });
    expect(await w.status('Tagged')).toBe('UPDATE_COMPLETE');
    expect((await w.stack('Tagged')).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(await w.tags(keyId)).toEqual({ env: 'prod', team: 'red' });
    // Tags left out keep the stack's
    await w.cfn('UpdateStack', { StackName: 'Tagged', UsePreviousTemplate: true, Parameters: [...previous('Desc', 'Rotate', 'AliasName'), { ParameterKey: 'Team', ParameterValue: 'blue' }] });
    expect((await w.stack('Tagged')).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(await w.tags(keyId)).toEqual({ env: 'prod', team: 'blue' });
  });

  it('DeletionPolicy Retain on a resource an update removes, UpdateReplacePolicy Retain on a replaced alias: both skipped, both kept', async () => {
    const w = world();
    const body = (alias: string, withB: boolean) => `Resources:
  A:
    Type: AWS::KMS::Key
  Name:
    Type: AWS::KMS::Alias
    UpdateReplacePolicy: Retain
    Properties: {AliasName: ${alias}, TargetKeyId: !Ref A}
${withB ? '  B:\n    Type: AWS::KMS::Key\n    DeletionPolicy: Retain\n' : ''}`;
    await w.create('Keep', body('alias/one', true));
    const a = await w.physical('Keep', 'A');
    const b = await w.physical('Keep', 'B');
    const count = (await w.events('Keep')).length;
    await w.cfn('UpdateStack', { StackName: 'Keep', TemplateBody: body('alias/two', false) });
    expect(await w.status('Keep')).toBe('UPDATE_COMPLETE');
    expect(await w.key(b)).toMatchObject({ KeyState: 'Enabled' });
    expect(await w.aliases()).toEqual({ 'alias/one': a, 'alias/two': a });
    const lines = await w.lines('Keep');
    const update = lines.slice(0, lines.length - count);
    expect(update).toContain('B DELETE_SKIPPED');
    expect(update).toContain('Name DELETE_SKIPPED');
    expect(update).not.toContain('B DELETE_IN_PROGRESS');
    expect((await w.resources('Keep')).map((r) => [r.LogicalResourceId, r.PhysicalResourceId])).toEqual([
      ['A', a],
      ['Name', 'alias/two'],
    ]);
  });

  it('UsePreviousTemplate with a TemplateBody is refused', async () => {
    const w = world();
    await w.create('Both', UPDATABLE);
    await expectKmsError(
      w.cfn('UpdateStack', { StackName: 'Both', UsePreviousTemplate: true, TemplateBody: UPDATABLE }),
      'ValidationError',
      'You cannot specify both usePreviousTemplate and Template Body/Template URL.',
    );
  });
});

// ---- 6. delete ----

describe('DeleteStack', () => {
  const TWO_KEYS = `Resources:
  Short:
    Type: AWS::KMS::Key
    Properties: {Description: seven days, PendingWindowInDays: 7}
  Default:
    Type: AWS::KMS::Key
    Properties: {Description: thirty days}
  Name:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/doomed, TargetKeyId: !Ref Short}
Outputs:
  Arn:
    Value: !GetAtt Short.Arn
    Export: {Name: doomed-arn}
`;

  it('schedules every key for deletion with its window (default 30), deletes aliases, and ends DELETE_COMPLETE', async () => {
    const w = world();
    const stackId = await w.create('Doomed', TWO_KEYS);
    const short = await w.physical('Doomed', 'Short');
    const dflt = await w.physical('Doomed', 'Default');
    const count = (await w.events('Doomed')).length;
    w.env.clock.advance(DAY);
    expect(await w.cfn('DeleteStack', { StackName: 'Doomed' })).toEqual({});

    expect(await w.key(short)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 7 * DAY) });
    expect(await w.key(dflt)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 30 * DAY) });
    expect(await w.aliases()).toEqual({});
    expect((await w.cfn('ListExports')).Exports).toEqual([]);

    // by name the stack is gone; by id it is DELETE_COMPLETE, events and all
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Doomed' }), 'ValidationError', 'Stack with id Doomed does not exist');
    expect(await w.stack(stackId)).toMatchObject({ StackStatus: 'DELETE_COMPLETE', DeletionTime: w.env.clock.now() });
    const lines = await w.lines(stackId);
    const deletion = lines.slice(0, lines.length - count);
    expect(deletion[0]).toBe('Doomed DELETE_COMPLETE');
    expect(deletion[deletion.length - 1]).toBe('Doomed DELETE_IN_PROGRESS: User Initiated');
    // the alias (which refers to Short) goes before Short
    expect(deletion.slice(1, -1)).toHaveLength(6);
    expect(deletion.indexOf('Name DELETE_COMPLETE')).toBeGreaterThan(deletion.indexOf('Short DELETE_IN_PROGRESS'));
    for (const id of ['Short', 'Default', 'Name']) expect(deletion.indexOf(`${id} DELETE_COMPLETE`)).toBeLessThan(deletion.indexOf(`${id} DELETE_IN_PROGRESS`));
    expect((await w.cfn('DescribeStacks')).Stacks).toEqual([]);

    // ListStacks keeps it, DELETE_COMPLETE
    const listed = (await w.cfn('ListStacks')).StackSummaries as Row[];
    expect(listed).toEqual([expect.objectContaining({ StackId: stackId, StackName: 'Doomed', StackStatus: 'DELETE_COMPLETE', DeletionTime: w.env.clock.now() })]);
    expect((await w.cfn('ListStacks', { StackStatusFilter: ['CREATE_COMPLETE'] })).StackSummaries).toEqual([]);

    // deleting again, or a stack that never was, is no error
    expect(await w.cfn('DeleteStack', { StackName: 'Doomed' })).toEqual({});
    expect(await w.cfn('DeleteStack', { StackName: stackId })).toEqual({});
    expect(await w.cfn('DeleteStack', { StackName: 'NeverWas' })).toEqual({});
    expect(await w.events(stackId)).toHaveLength(lines.length);

    // the name is free again; the old stack stays reachable by its id
    const again = await w.create('Doomed', TWO_KEYS.replace('alias/doomed', 'alias/doomed-again'));
    expect(again).not.toBe(stackId);
    expect((await w.stack('Doomed')).StackId).toBe(again);
    expect(await w.status(stackId)).toBe('DELETE_COMPLETE');
  });

  it('a key already scheduled for deletion outside the stack does not stop the delete', async () => {
    const w = world();
    const stackId = await w.create('Gone', keyAndAlias('alias/gone'));
    const keyId = await w.physical('Gone', 'MyKey');
    await w.kms('DeleteAlias', { AliasName: 'alias/gone' });
    await w.kms('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 20 });
    await w.cfn('DeleteStack', { StackName: 'Gone' });
    expect(await w.status(stackId)).toBe('DELETE_COMPLETE');
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 20 * DAY) });
  });

  it('DeletionPolicy Retain: DELETE_SKIPPED, the key stays Enabled', async () => {
    const w = world();
    const stackId = await w.create('Keeps', keyAndAlias('alias/kept-key', '\n    DeletionPolicy: Retain'));
    const keyId = await w.physical('Keeps', 'MyKey');
    await w.cfn('DeleteStack', { StackName: 'Keeps' });
    expect(await w.status(stackId)).toBe('DELETE_COMPLETE');
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'Enabled' });
    expect(await w.aliases()).toEqual({});
    expect((await w.lines(stackId)).slice(0, 5)).toEqual([
      'Keeps DELETE_COMPLETE',
      'MyKey DELETE_SKIPPED',
      'MyAlias DELETE_COMPLETE',
      'MyAlias DELETE_IN_PROGRESS',
      'Keeps DELETE_IN_PROGRESS: User Initiated',
    ]);
  });

  it('DeletionPolicy RetainExceptOnCreate: kept on delete, deleted when the create is rolled back', async () => {
    const w = world();
    await w.create('Kept', keyAndAlias('alias/free', '\n    DeletionPolicy: RetainExceptOnCreate'));
    const kept = await w.physical('Kept', 'MyKey');
    await w.cfn('DeleteStack', { StackName: 'Kept' });
    expect(await w.key(kept)).toMatchObject({ KeyState: 'Enabled' });

    const other = (await w.kms('CreateKey')).KeyMetadata as Row;
    await w.kms('CreateAlias', { AliasName: 'alias/taken', TargetKeyId: other.KeyId });
    const stackId = await w.create('RolledBack', keyAndAlias('alias/taken', '\n    DeletionPolicy: RetainExceptOnCreate'));
    expect(await w.status(stackId)).toBe('ROLLBACK_COMPLETE');
    const made = (await w.events(stackId)).find((e) => e.LogicalResourceId === 'MyKey' && e.ResourceStatus === 'CREATE_COMPLETE')!.PhysicalResourceId as string;
    expect(made).not.toBe(kept);
    expect(await w.key(made)).toMatchObject({ KeyState: 'PendingDeletion' });
    expect(await w.lines(stackId)).toContain('MyKey DELETE_COMPLETE');
  });
});

// ---- 7. exports and imports ----

describe('exports and Fn::ImportValue', () => {
  const A = `Resources:
  Key:
    Type: AWS::KMS::Key
Outputs:
  Arn:
    Value: !GetAtt Key.Arn
    Export: {Name: !Sub '\${AWS::StackName}-KeyArn'}
`;
  const B = `Resources:
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/imported
      TargetKeyId: !ImportValue A-KeyArn
`;

  it('a stack imports another\'s export; the exporter cannot be deleted (nor drop the export) while it is in use', async () => {
    const w = world();
    const a = await w.create('A', A);
    const keyId = await w.physical('A', 'Key');
    const arn = (await w.key(keyId)).Arn as string;
    expect((await w.cfn('ListExports')).Exports).toEqual([{ ExportingStackId: a, Name: 'A-KeyArn', Value: arn }]);
    await w.create('B', B);
    expect(await w.status('B')).toBe('CREATE_COMPLETE');
    expect(await w.aliases()).toEqual({ 'alias/imported': keyId });

    // AWS accepts the delete, then puts the stack back, saying why (its status reason and an event)
    const count = (await w.events('A')).length;
    expect(await w.cfn('DeleteStack', { StackName: 'A' })).toEqual({});
    const kept = await w.stack('A');
    expect(kept).toMatchObject({ StackStatus: 'CREATE_COMPLETE', StackStatusReason: 'Export A-KeyArn cannot be deleted as it is in use by B' });
    expect((await w.lines('A')).slice(0, 2)).toEqual(['A CREATE_COMPLETE: Export A-KeyArn cannot be deleted as it is in use by B', 'A DELETE_IN_PROGRESS: User Initiated']);
    expect(await w.events('A')).toHaveLength(count + 2);
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'Enabled' });

    // an update that removes the export fails and rolls back; the export stays
    await w.cfn('UpdateStack', { StackName: 'A', TemplateBody: 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n' });
    const stack = await w.stack('A');
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await w.lines('A')).toContain('A UPDATE_ROLLBACK_IN_PROGRESS: Export A-KeyArn cannot be updated as it is in use by B');
    expect((await w.cfn('ListExports')).Exports).toEqual([{ ExportingStackId: a, Name: 'A-KeyArn', Value: arn }]);
    expect(stack.Outputs).toEqual([{ OutputKey: 'Arn', OutputValue: arn, ExportName: 'A-KeyArn' }]);

    // once B is gone, A goes too
    await w.cfn('DeleteStack', { StackName: 'B' });
    expect(await w.aliases()).toEqual({});
    await w.cfn('DeleteStack', { StackName: 'A' });
    expect(await w.status(a)).toBe('DELETE_COMPLETE');
    expect((await w.cfn('ListExports')).Exports).toEqual([]);
  });

  it('an import of an export that does not exist fails the create', async () => {
    const w = world();
    const id = await w.create('B', B);
    const stack = await w.stack(id);
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(await w.aliases()).toEqual({});
    expect(JSON.stringify(await w.events(id))).toContain('No export named A-KeyArn found');
  });

  it('a second stack exporting the same name fails and rolls back', async () => {
    const w = world();
    const a = await w.create('A', A);
    const c = await w.create('C', A.replace("!Sub '${AWS::StackName}-KeyArn'", 'A-KeyArn'));
    expect(await w.status(c)).toBe('ROLLBACK_COMPLETE');
    const lines = await w.lines(c);
    expect(lines[0]).toBe('C ROLLBACK_COMPLETE');
    expect(lines).toContain('C ROLLBACK_IN_PROGRESS: Export with name A-KeyArn is already exported by stack A. Rollback requested by user.');
    const cKey = (await w.events(c)).find((e) => e.LogicalResourceId === 'Key' && e.ResourceStatus === 'CREATE_COMPLETE')!.PhysicalResourceId as string;
    expect(await w.key(cKey)).toMatchObject({ KeyState: 'PendingDeletion' });
    expect((await w.cfn('ListExports')).Exports).toEqual([expect.objectContaining({ ExportingStackId: a, Name: 'A-KeyArn' })]);
  });
});

// ---- 8. conditions ----

describe('conditions', () => {
  const BODY = `Parameters:
  CreateAlias: {Type: String, AllowedValues: ['true', 'false'], Default: 'false'}
  Desc: {Type: String, Default: ''}
Conditions:
  WantAlias: !Equals [!Ref CreateAlias, 'true']
  HasDesc: !Not [!Equals [!Ref Desc, '']]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: !If [HasDesc, !Ref Desc, !Ref AWS::NoValue]
      PendingWindowInDays: !If [HasDesc, 7, !Ref AWS::NoValue]
  Alias:
    Type: AWS::KMS::Alias
    Condition: WantAlias
    Properties: {AliasName: alias/conditional, TargetKeyId: !Ref Key}
Outputs:
  AliasName:
    Condition: WantAlias
    Value: !Ref Alias
  KeyId:
    Value: !Ref Key
`;

  it('a resource whose Condition is false is not made; Fn::If with AWS::NoValue leaves a property out', async () => {
    const w = world();
    await w.create('Cond', BODY);
    expect(await w.status('Cond')).toBe('CREATE_COMPLETE');
    const keyId = await w.physical('Cond', 'Key');
    expect((await w.resources('Cond')).map((r) => r.LogicalResourceId)).toEqual(['Key']);
    expect(await w.aliases()).toEqual({});
    expect(await w.outputs('Cond')).toEqual({ KeyId: keyId });
    expect(await w.key(keyId)).toMatchObject({ Description: '' });
    const props = (await w.events('Cond')).filter((e) => e.LogicalResourceId === 'Key' && e.ResourceProperties !== undefined).map((e) => JSON.parse(e.ResourceProperties as string));
    expect(props.length).toBeGreaterThan(0);
    for (const p of props) expect(p).not.toHaveProperty('Description');
    expect((await w.lines('Cond')).some((l) => l.startsWith('Alias '))).toBe(false);

    // the conditions turn true: the alias is added, the description set
    await w.cfn('UpdateStack', { StackName: 'Cond', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'CreateAlias', ParameterValue: 'true' }, { ParameterKey: 'Desc', ParameterValue: 'described' }] });
    expect(await w.status('Cond')).toBe('UPDATE_COMPLETE');
    expect(await w.aliases()).toEqual({ 'alias/conditional': keyId });
    expect(await w.key(keyId)).toMatchObject({ Description: 'described' });
    expect(await w.outputs('Cond')).toEqual({ KeyId: keyId, AliasName: 'alias/conditional' });

    // the window the condition gave (7) applies on delete
    await w.cfn('DeleteStack', { StackName: 'Cond' });
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 7 * DAY) });
  });

  it('a CREATE change set lists only the resources the conditions keep', async () => {
    const w = world();
    await w.cfn('CreateChangeSet', { StackName: 'CondCs', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: BODY });
    const cs = await w.cfn('DescribeChangeSet', { StackName: 'CondCs', ChangeSetName: 'c' });
    expect((cs.Changes as Array<{ ResourceChange: Row }>).map((c) => [c.ResourceChange.Action, c.ResourceChange.LogicalResourceId])).toEqual([['Add', 'Key']]);
    await w.cfn('CreateChangeSet', { StackName: 'CondCs', ChangeSetName: 'd', ChangeSetType: 'CREATE', TemplateBody: BODY, Parameters: [{ ParameterKey: 'CreateAlias', ParameterValue: 'true' }] });
    const both = await w.cfn('DescribeChangeSet', { StackName: 'CondCs', ChangeSetName: 'd' });
    expect((both.Changes as Array<{ ResourceChange: Row }>).map((c) => c.ResourceChange.LogicalResourceId)).toEqual(['Key', 'Alias']);
  });
});

// ---- 9. change sets ----

describe('change sets', () => {
  const V1 = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: {Description: one}
  Alias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/cs-one, TargetKeyId: !Ref Key}
`;
  const V2 = V1.replace('Description: one', 'Description: two').replace('alias/cs-one', 'alias/cs-two');

  it('CREATE: a REVIEW_IN_PROGRESS stack, Changes Add, then ExecuteChangeSet makes it', async () => {
    const w = world();
    const made = await w.cfn('CreateChangeSet', { StackName: 'Review', ChangeSetName: 'initial', ChangeSetType: 'CREATE', TemplateBody: V1, Description: 'first version' });
    expect(made.Id).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${ACCOUNT}:changeSet/initial/[0-9a-f-]{36}$`));
    expect(made.StackId).toMatch(STACK_ID('us-east-1', 'Review'));
    expect(await w.status('Review')).toBe('REVIEW_IN_PROGRESS');
    expect(await w.lines('Review')).toEqual(['Review REVIEW_IN_PROGRESS: User Initiated']);
    expect(await w.keyIds()).toEqual([]);

    const cs = await w.cfn('DescribeChangeSet', { StackName: 'Review', ChangeSetName: 'initial' });
    expect(cs).toMatchObject({ ChangeSetName: 'initial', ChangeSetId: made.Id, StackId: made.StackId, StackName: 'Review', Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Description: 'first version' });
    expect(cs.Changes).toEqual([
      { Type: 'Resource', ResourceChange: expect.objectContaining({ Action: 'Add', LogicalResourceId: 'Key', ResourceType: 'AWS::KMS::Key' }) },
      { Type: 'Resource', ResourceChange: expect.objectContaining({ Action: 'Add', LogicalResourceId: 'Alias', ResourceType: 'AWS::KMS::Alias' }) },
    ]);
    for (const c of cs.Changes as Array<{ ResourceChange: Row }>) expect(c.ResourceChange.PhysicalResourceId).toBeUndefined();
    // by its ARN, without the stack's name
    expect((await w.cfn('DescribeChangeSet', { ChangeSetName: made.Id })).ChangeSetName).toBe('initial');
    expect((await w.cfn('GetTemplate', { ChangeSetName: made.Id })).TemplateBody).toBe(V1);
    // another CREATE change set for the stack under review is fine (deploy makes one each run)
    await w.cfn('CreateChangeSet', { StackName: 'Review', ChangeSetName: 'again', ChangeSetType: 'CREATE', TemplateBody: V1 });
    expect(((await w.cfn('ListChangeSets', { StackName: 'Review' })).Summaries as Row[]).map((c) => c.ChangeSetName)).toEqual(['initial', 'again']);

    expect(await w.cfn('ExecuteChangeSet', { ChangeSetName: 'initial', StackName: 'Review' })).toEqual({});
    expect(await w.status('Review')).toBe('CREATE_COMPLETE');
    const keyId = await w.physical('Review', 'Key');
    expect(await w.key(keyId)).toMatchObject({ Description: 'one' });
    expect(await w.aliases()).toEqual({ 'alias/cs-one': keyId });
    expect(await w.lines('Review')).toEqual([
      'Review CREATE_COMPLETE',
      'Alias CREATE_COMPLETE',
      'Alias CREATE_IN_PROGRESS: Resource creation Initiated',
      'Alias CREATE_IN_PROGRESS',
      'Key CREATE_COMPLETE',
      'Key CREATE_IN_PROGRESS: Resource creation Initiated',
      'Key CREATE_IN_PROGRESS',
      'Review CREATE_IN_PROGRESS: User Initiated',
      'Review REVIEW_IN_PROGRESS: User Initiated',
    ]);
    expect((await w.cfn('DescribeChangeSet', { ChangeSetName: made.Id })).ExecutionStatus).toBe('EXECUTE_COMPLETE');
    // an executed change set cannot run again; the stack's other change sets are gone
    await expectKmsError(w.cfn('ExecuteChangeSet', { ChangeSetName: made.Id }), 'InvalidChangeSetStatus');
    await expectKmsError(w.cfn('DescribeChangeSet', { StackName: 'Review', ChangeSetName: 'again' }), 'ChangeSetNotFound', 'ChangeSet [again] does not exist');
    // now the stack exists, a CREATE change set for it is refused
    await expectKmsError(
      w.cfn('CreateChangeSet', { StackName: 'Review', ChangeSetName: 'third', ChangeSetType: 'CREATE', TemplateBody: V1 }),
      'AlreadyExistsException',
      'Stack [Review] already exists and cannot be created again with the changeSet [third].',
    );
  });

  it('UPDATE: Modify with Replacement and the properties; an empty one FAILED; list, delete, execute', async () => {
    const w = world();
    const stackId = await w.create('Changing', V1);
    const keyId = await w.physical('Changing', 'Key');
    const count = (await w.events('Changing')).length;

    const update = await w.cfn('CreateChangeSet', { StackName: 'Changing', ChangeSetName: 'rename', TemplateBody: V2 });
    expect(update.StackId).toBe(stackId);
    // nothing happens before it is executed
    expect(await w.status('Changing')).toBe('CREATE_COMPLETE');
    expect(await w.events('Changing')).toHaveLength(count);
    expect(await w.key(keyId)).toMatchObject({ Description: 'one' });

    const cs = await w.cfn('DescribeChangeSet', { StackName: 'Changing', ChangeSetName: 'rename' });
    expect(cs).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const changes = Object.fromEntries((cs.Changes as Array<{ ResourceChange: Row }>).map((c) => [c.ResourceChange.LogicalResourceId, c.ResourceChange]));
    expect(changes.Key).toMatchObject({ Action: 'Modify', PhysicalResourceId: keyId, ResourceType: 'AWS::KMS::Key', Replacement: 'False', Scope: ['Properties'] });
    expect(changes.Key!.Details).toEqual([expect.objectContaining({ Target: expect.objectContaining({ Attribute: 'Properties', Name: 'Description', RequiresRecreation: 'Never' }) })]);
    expect(changes.Alias).toMatchObject({ Action: 'Modify', PhysicalResourceId: 'alias/cs-one', ResourceType: 'AWS::KMS::Alias', Replacement: 'True', Scope: ['Properties'] });
    expect(changes.Alias!.Details).toEqual([expect.objectContaining({ Target: expect.objectContaining({ Attribute: 'Properties', Name: 'AliasName', RequiresRecreation: 'Always' }) })]);

    // a change set that changes nothing: FAILED, with the reason `deploy` looks for
    const empty = await w.cfn('CreateChangeSet', { StackName: 'Changing', ChangeSetName: 'nothing', TemplateBody: V1 });
    const failed = await w.cfn('DescribeChangeSet', { ChangeSetName: empty.Id });
    expect(failed).toMatchObject({
      Status: 'FAILED',
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
      ExecutionStatus: 'UNAVAILABLE',
    });
    await expectKmsError(w.cfn('ExecuteChangeSet', { ChangeSetName: empty.Id }), 'InvalidChangeSetStatus', `ChangeSet [${String(empty.Id)}] cannot be executed in its current execution status of [UNAVAILABLE]`);
    await expectKmsError(w.cfn('CreateChangeSet', { StackName: 'Changing', ChangeSetName: 'rename', TemplateBody: V2 }), 'AlreadyExistsException');

    const listed = (await w.cfn('ListChangeSets', { StackName: 'Changing' })).Summaries as Row[];
    expect(listed.map((s) => [s.ChangeSetName, s.Status, s.ExecutionStatus])).toEqual([
      ['rename', 'CREATE_COMPLETE', 'AVAILABLE'],
      ['nothing', 'FAILED', 'UNAVAILABLE'],
    ]);
    for (const s of listed) expect(s).toMatchObject({ StackId: stackId, StackName: 'Changing', ChangeSetId: expect.stringContaining(':changeSet/') });

    // DeleteChangeSet, then it is not found
    expect(await w.cfn('DeleteChangeSet', { StackName: 'Changing', ChangeSetName: 'nothing' })).toEqual({});
    const notFound = await expectKmsError(w.cfn('DescribeChangeSet', { StackName: 'Changing', ChangeSetName: 'nothing' }), 'ChangeSetNotFound', 'ChangeSet [nothing] does not exist');
    // the code botocore reads (ChangeSetNotFoundException's wire code), HTTP 404
    expect(CLOUDFORMATION_ERROR_CODES.ChangeSetNotFoundException).toBe(notFound.code);
    expect(cfnModel.shapes.ChangeSetNotFoundException).toMatchObject({ errorCode: 'ChangeSetNotFound', httpStatusCode: 404 });
    await expectKmsError(w.cfn('DescribeChangeSet', { ChangeSetName: empty.Id }), 'ChangeSetNotFound');
    await expectKmsError(w.cfn('DescribeChangeSet', { StackName: 'NoSuchStack', ChangeSetName: 'x' }), 'ChangeSetNotFound');
    await expectKmsError(w.cfn('ExecuteChangeSet', { StackName: 'Changing', ChangeSetName: 'nothing' }), 'ChangeSetNotFound');
    // deleting one that is not there is no error while its stack is (AWS answers 200)
    expect(await w.cfn('DeleteChangeSet', { StackName: 'Changing', ChangeSetName: 'nothing' })).toEqual({});
    expect(await w.cfn('DeleteChangeSet', { ChangeSetName: empty.Id })).toEqual({});
    await expectKmsError(w.cfn('DeleteChangeSet', { StackName: 'NoSuchStack', ChangeSetName: 'x' }), 'ValidationError', 'Stack [NoSuchStack] does not exist');
    expect(((await w.cfn('ListChangeSets', { StackName: 'Changing' })).Summaries as Row[]).map((s) => s.ChangeSetName)).toEqual(['rename']);

    // executed: the update happens as UpdateStack would do it
    await w.cfn('ExecuteChangeSet', { ChangeSetName: update.Id });
    expect(await w.status('Changing')).toBe('UPDATE_COMPLETE');
    expect(await w.key(keyId)).toMatchObject({ Description: 'two' });
    expect(await w.aliases()).toEqual({ 'alias/cs-two': keyId });
    expect((await w.cfn('GetTemplate', { StackName: 'Changing' })).TemplateBody).toBe(V2);
    const lines = await w.lines('Changing');
    expect(lines[0]).toBe('Changing UPDATE_COMPLETE');
    expect(lines[lines.length - count - 1]).toBe('Changing UPDATE_IN_PROGRESS: User Initiated');
    expect(lines).toContain('Alias UPDATE_IN_PROGRESS: Requested update requires the creation of a new physical resource; hence creating one.');
  });

  it('a change set whose run fails is EXECUTE_FAILED, its Status still CREATE_COMPLETE', async () => {
    const w = world();
    await takenAlias(w);
    const made = await w.cfn('CreateChangeSet', { StackName: 'Failing', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: keyAndAlias('alias/taken') });
    await w.cfn('ExecuteChangeSet', { ChangeSetName: made.Id });
    expect(await w.status(made.StackId as string)).toBe('ROLLBACK_COMPLETE');
    expect(await w.cfn('DescribeChangeSet', { ChangeSetName: made.Id })).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_FAILED' });
  });

  it('an UpdateStack drops the change sets made against the stack as it was', async () => {
    const w = world();
    await w.create('Dropped', V1);
    await w.cfn('CreateChangeSet', { StackName: 'Dropped', ChangeSetName: 'pending', TemplateBody: V2 });
    expect(((await w.cfn('ListChangeSets', { StackName: 'Dropped' })).Summaries as Row[]).map((s) => s.ChangeSetName)).toEqual(['pending']);
    await w.cfn('UpdateStack', { StackName: 'Dropped', TemplateBody: V2 });
    expect(await w.status('Dropped')).toBe('UPDATE_COMPLETE');
    expect((await w.cfn('ListChangeSets', { StackName: 'Dropped' })).Summaries).toEqual([]);
    await expectKmsError(w.cfn('ExecuteChangeSet', { StackName: 'Dropped', ChangeSetName: 'pending' }), 'ChangeSetNotFound', 'ChangeSet [pending] does not exist');
  });
});

describe('an interrupted operation', () => {
  it('leaves its stack in progress, which may be deleted once it has been quiet for 10 minutes', async () => {
    const w = world();
    const id = await w.create('Stuck', keyAndAlias('alias/stuck'));
    const keyId = await w.physical('Stuck', 'MyKey');
    // as if the process making it had stopped half way
    const name = stackRecordName(w.env.ctx.account, w.env.ctx.region, id.split('/').pop()!);
    const record = (await w.env.record<StackRecord>(name))!;
    await w.env.put(name, { ...record, status: 'CREATE_IN_PROGRESS' });
    await expectKmsError(w.cfn('DeleteStack', { StackName: 'Stuck' }), 'ValidationError', 'Stack [Stuck] cannot be deleted while in status CREATE_IN_PROGRESS');
    await expectKmsError(w.cfn('UpdateStack', { StackName: 'Stuck', TemplateBody: keyAndAlias('alias/other') }), 'ValidationError', `Stack:${id} is in CREATE_IN_PROGRESS state and can not be updated.`);
    w.env.clock.advance(11 * 60 * 1000);
    await w.cfn('DeleteStack', { StackName: 'Stuck' });
    expect(await w.status(id)).toBe('DELETE_COMPLETE');
    expect(await w.key(keyId)).toMatchObject({ KeyState: 'PendingDeletion' });
    expect(await w.aliases()).toEqual({});
  });
});

describe('stack events', () => {
  it('every event has its own EventId ("the unique ID of this event"), even when two happen in one millisecond', async () => {
    const w = world();
    await w.create('Ids', keyAndAlias('alias/ids'));
    await w.cfn('UpdateStack', { StackName: 'Ids', TemplateBody: keyAndAlias('alias/ids-renamed') });
    const ids = (await w.events('Ids')).map((e) => e.EventId);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

// ---- 10. authorization ----

describe('who may make a stack', () => {
  it('a user without cloudformation:CreateStack is denied before anything exists', async () => {
    const w = world();
    const alice = await iamUser(w.env, 'alice', doc(allow('kms:*')));
    await expectKmsError(
      w.create('Denied', keyAndAlias('alias/denied'), {}, alice),
      'AccessDenied',
      `User: ${ALICE} is not authorized to perform: cloudformation:CreateStack on resource: arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Denied/* because no identity-based policy allows the cloudformation:CreateStack action`,
    );
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Denied' }), 'ValidationError', 'Stack with id Denied does not exist');
    expect((await w.cfn('ListStacks')).StackSummaries).toEqual([]);
    expect(await w.keyIds()).toEqual([]);
  });

  it('a user allowed cloudformation:* but not kms:CreateKey gets a stack that fails on the key and rolls back', async () => {
    const w = world();
    const bob = await iamUser(w.env, 'bob', doc(allow('cloudformation:*')));
    const stackId = await w.create('NoKms', keyAndAlias('alias/nokms'), {}, bob);
    expect(await w.status('NoKms', bob)).toBe('ROLLBACK_COMPLETE');
    expect(await w.lines(stackId, bob)).toEqual([
      'NoKms ROLLBACK_COMPLETE',
      'MyKey DELETE_COMPLETE',
      'NoKms ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [MyKey]. Rollback requested by user.',
      `MyKey CREATE_FAILED: ${handlerMessage("Access denied for operation 'CreateKey'.", 'AccessDenied')}`,
      'MyKey CREATE_IN_PROGRESS',
      'NoKms CREATE_IN_PROGRESS: User Initiated',
    ]);
    expect(await w.keyIds()).toEqual([]);
    expect(await w.aliases()).toEqual({});
  });
});

// ---- 11. ReplicaKey ----

describe('AWS::KMS::ReplicaKey', () => {
  it('a stack in another Region replicates a multi-Region primary made in the first', async () => {
    const w = world('us-east-1');
    const west = w.env.inRegion('us-west-2');
    const primary = (await w.kms('CreateKey', { MultiRegion: true, Description: 'primary' })).KeyMetadata as Row;
    const body = `Parameters:
  PrimaryKeyArn: {Type: String}
Resources:
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: !Ref PrimaryKeyArn
      Description: replica in Oregon
      PendingWindowInDays: 7
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}
            Action: 'kms:*'
            Resource: '*'
      Tags: [{Key: role, Value: replica}]
Outputs:
  ReplicaId: {Value: !Ref Replica}
  ReplicaArn: {Value: !GetAtt Replica.Arn}
`;
    const stackId = await w.create('Replica', body, { Parameters: [{ ParameterKey: 'PrimaryKeyArn', ParameterValue: primary.Arn }] }, west);
    expect(stackId).toMatch(STACK_ID('us-west-2', 'Replica'));
    expect(await w.status('Replica', west)).toBe('CREATE_COMPLETE');
    const replicaId = await w.physical('Replica', 'Replica', west);
    expect(replicaId).toBe(primary.KeyId);
    expect(replicaId).toMatch(/^mrk-/);
    const meta = await w.key(replicaId, west);
    expect(meta).toMatchObject({
      Arn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/${replicaId}`,
      Description: 'replica in Oregon',
      KeyState: 'Enabled',
      MultiRegion: true,
      MultiRegionConfiguration: expect.objectContaining({ MultiRegionKeyType: 'REPLICA', PrimaryKey: expect.objectContaining({ Arn: primary.Arn, Region: 'us-east-1' }) }),
    });
    expect(await w.outputs('Replica', west)).toEqual({ ReplicaId: replicaId, ReplicaArn: meta.Arn });
    expect(await w.tags(replicaId, west)).toEqual({ role: 'replica' });
    expect(JSON.parse((await w.kms('GetKeyPolicy', { KeyId: replicaId, PolicyName: 'default' }, west)).Policy as string)).toMatchObject({ Statement: [expect.objectContaining({ Sid: 'Enable IAM User Permissions' })] });
    expect(await w.lines('Replica', west)).toEqual([
      'Replica CREATE_COMPLETE',
      'Replica CREATE_COMPLETE',
      'Replica CREATE_IN_PROGRESS: Resource creation Initiated',
      'Replica CREATE_IN_PROGRESS',
      'Replica CREATE_IN_PROGRESS: User Initiated',
    ]);
    // the stack is the Region's: not seen from the primary's
    await expectKmsError(w.cfn('DescribeStacks', { StackName: 'Replica' }), 'ValidationError', 'Stack with id Replica does not exist');

    await w.cfn('DeleteStack', { StackName: 'Replica' }, west);
    expect(await w.status(stackId, west)).toBe('DELETE_COMPLETE');
    expect(await w.key(replicaId, west)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 7 * DAY) });
    expect(await w.key(primary.KeyId as string)).toMatchObject({ KeyState: 'Enabled' });
  });
});
