// resolveValue and evaluateConditions: every intrinsic function and pseudo parameter, AWS::NoValue,
// CloudFormation's loose typing, and the Conditions section, each against a fake stack scope.
import { describe, expect, it } from 'vitest';
import { evaluateConditions, NO_VALUE, parseTemplate, resolveValue, type Template } from '../../../src/services/cloudformation/template/index.js';
import { ACCOUNT, scope, thrown, validation } from './template-support.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${KEY_ID}`;

const TEMPLATE = parseTemplate(`
Parameters:
  Name: {Type: String}
  Days: {Type: Number}
  Admins: {Type: CommaDelimitedList}
  Sizes: {Type: List<Number>}
  Env: {Type: String}
Mappings:
  Regions:
    ap-southeast-2: {Suffix: syd, Zones: [a, b]}
    us-east-1: {Suffix: iad}
Resources:
  Key: {Type: AWS::KMS::Key}
  Alias: {Type: AWS::KMS::Alias}
`);

const S = scope({
  template: TEMPLATE,
  parameters: { Name: 'app', Days: '7', Admins: 'arn:a, arn:b ,arn:c', Sizes: '1,2', Env: 'prod' },
  resources: { Key: { ref: KEY_ID, atts: { Arn: KEY_ARN, KeyId: KEY_ID, 'Endpoint.Address': 'db.example' } }, Alias: { ref: 'alias/app' } },
  exports: { 'Net-Arn': 'arn:aws:sns:ap-southeast-2:111122223333:net' },
});
const CONDITIONS = new Map([
  ['IsProd', true],
  ['IsDev', false],
]);
const r = (value: unknown, s = S) => resolveValue(value, s, CONDITIONS);

describe('Ref', () => {
  type Row = [name: string, target: string, expected: unknown];
  const rows: Row[] = [
    ['a String parameter', 'Name', 'app'],
    ['a Number parameter is a string', 'Days', '7'],
    ['a CommaDelimitedList is its items, trimmed', 'Admins', ['arn:a', 'arn:b', 'arn:c']],
    ['a List<Number> is its items, as strings', 'Sizes', ['1', '2']],
    ['a resource is its physical id', 'Key', KEY_ID],
    ['AWS::AccountId', 'AWS::AccountId', ACCOUNT],
    ['AWS::Region', 'AWS::Region', 'ap-southeast-2'],
    ['AWS::Partition', 'AWS::Partition', 'aws'],
    ['AWS::StackName', 'AWS::StackName', 'MyKMSKeyStack'],
    ['AWS::StackId', 'AWS::StackId', `arn:aws:cloudformation:ap-southeast-2:${ACCOUNT}:stack/MyKMSKeyStack/51af3dc0-da77-11e4-872e-1234567db123`],
    ['AWS::URLSuffix', 'AWS::URLSuffix', 'amazonaws.com'],
    ['AWS::NotificationARNs', 'AWS::NotificationARNs', []],
  ];
  it.each(rows)('%s', (_name, target, expected) => {
    expect(r({ Ref: target })).toEqual(expected);
  });

  it('the scope decides aws-cn and amazonaws.com.cn', () => {
    const cn = scope({ region: 'cn-north-1', partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' });
    expect(r({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root ${AWS::URLSuffix} ${AWS::Region}' }, cn)).toBe(`arn:aws-cn:iam::${ACCOUNT}:root amazonaws.com.cn cn-north-1`);
    expect(r({ Ref: 'AWS::StackId' }, cn)).toMatch(/^arn:aws-cn:cloudformation:cn-north-1:/);
  });

  it('without the template in scope a list parameter is its text', () => {
    expect(r({ Ref: 'Admins' }, { ...S, template: undefined })).toBe('arn:a, arn:b ,arn:c');
  });

  it('an unknown name is the scope’s error', () => {
    expect(thrown(() => r({ Ref: 'Nope' }))).toEqual(validation('no resource Nope'));
  });

  it('a Ref to something other than a name', () => {
    expect(thrown(() => r({ Ref: ['Key'] }))).toEqual(validation('Template format error: Every Ref object must have a single String value.'));
  });
});

describe('AWS::NoValue', () => {
  it('drops an object member', () => {
    expect(r({ Description: { Ref: 'AWS::NoValue' }, Enabled: true })).toEqual({ Enabled: true });
  });
  it('drops a list item', () => {
    expect(r(['a', { Ref: 'AWS::NoValue' }, 'b'])).toEqual(['a', 'b']);
  });
  it('is NO_VALUE at the top level', () => {
    expect(r({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });
  it('Fn::If with NoValue removes a property only when the condition says so', () => {
    const props = { PendingWindowInDays: { 'Fn::If': ['IsDev', 7, { Ref: 'AWS::NoValue' }] }, Description: { 'Fn::If': ['IsProd', 'prod key', { Ref: 'AWS::NoValue' }] } };
    expect(r(props)).toEqual({ Description: 'prod key' });
  });
});

describe('Fn::GetAtt', () => {
  it('takes [Resource, Attribute]', () => {
    expect(r({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(KEY_ARN);
  });
  it('takes "Resource.Attribute", split at the first dot', () => {
    expect(r({ 'Fn::GetAtt': 'Key.Arn' })).toBe(KEY_ARN);
    expect(r({ 'Fn::GetAtt': 'Key.Endpoint.Address' })).toBe('db.example');
  });
  it('the attribute may be a Ref', () => {
    expect(r({ 'Fn::GetAtt': ['Key', { 'Fn::Sub': 'Key${Name}' }] }, scope({ parameters: { Name: 'Id' }, resources: { Key: { ref: KEY_ID, atts: { KeyId: KEY_ID } } } }))).toBe(KEY_ID);
  });
  it('an unknown attribute is the scope’s error', () => {
    expect(thrown(() => r({ 'Fn::GetAtt': ['Key', 'Nope'] }))).toEqual(validation('Requested attribute Nope does not exist in schema for Key'));
  });
  it.each([[['Key']], [['Key', 'Arn', 'x']], ['Key'], [['', 'Arn']], [{ Ref: 'Key' }]])('refuses %j', (arg) => {
    expect(thrown(() => r({ 'Fn::GetAtt': arg }))).toEqual(validation('Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute'));
  });
});

describe('Fn::Sub', () => {
  type Row = [name: string, arg: unknown, expected: string];
  const rows: Row[] = [
    ['a parameter', 'alias/${Name}', 'alias/app'],
    ['a Number parameter', 'days=${Days}', 'days=7'],
    ['a resource (its Ref)', 'key ${Key}', `key ${KEY_ID}`],
    ['a resource attribute', '${Key.Arn}', KEY_ARN],
    ['pseudo parameters', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root in ${AWS::Region}', `arn:aws:iam::${ACCOUNT}:root in ap-southeast-2`],
    ['${!Literal} is the text ${Literal}', '${!aws:username} and ${!Name} but ${Name}', '${aws:username} and ${Name} but app'],
    ['text with no variables', 'plain $ and {braces}', 'plain $ and {braces}'],
    ['the list form', ['${Prefix}-${Name}-${N}', { Prefix: { Ref: 'AWS::StackName' }, N: 3 }], 'MyKMSKeyStack-app-3'],
    ['the list form: a variable shadows a parameter', ['${Name}', { Name: 'local' }], 'local'],
    ['the list form: a variable from an intrinsic', ['${A}', { A: { 'Fn::Select': [1, { Ref: 'Admins' }] } }], 'arn:b'],
    ['a variable that is true', ['${B}', { B: true }], 'true'],
  ];
  it.each(rows)('%s', (_name, arg, expected) => {
    expect(r({ 'Fn::Sub': arg })).toBe(expected);
  });

  it('a list parameter is not a string', () => {
    expect(thrown(() => r({ 'Fn::Sub': 'x ${Admins}' }))).toEqual(validation('Template error: variable Admins in Fn::Sub expression does not resolve to a string'));
  });

  it.each([[['a']], [['a', 'b']], [[{ Ref: 'Name' }, {}]], [1]])('refuses %j', (arg) => {
    expect(thrown(() => r({ 'Fn::Sub': arg }))).toEqual(
      validation("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string"),
    );
  });
});

describe('Fn::Join, Fn::Split, Fn::Select', () => {
  const JOIN_SHAPE = 'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';
  it('joins literal and resolved items', () => {
    expect(r({ 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] })).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });
  it('joins a function that returns a list', () => {
    expect(r({ 'Fn::Join': [',', { Ref: 'Admins' }] })).toBe('arn:a,arn:b,arn:c');
    expect(r({ 'Fn::Join': ['|', { 'Fn::GetAZs': '' }] })).toBe('ap-southeast-2a|ap-southeast-2b|ap-southeast-2c');
  });
  it('joins numbers and booleans as text, and skips NoValue items', () => {
    expect(r({ 'Fn::Join': ['-', [1, true, { Ref: 'AWS::NoValue' }, 'x']] })).toBe('1-true-x');
  });
  it.each([[['-']], [['-', 'notalist']], [['-', [['nested']]]], [{ a: 1 }]])('Join refuses %j', (arg) => {
    expect(thrown(() => r({ 'Fn::Join': arg }))).toEqual(validation(JOIN_SHAPE));
  });
  it('splits', () => {
    expect(r({ 'Fn::Split': [',', 'a,b,,c'] })).toEqual(['a', 'b', '', 'c']);
    expect(r({ 'Fn::Split': ['/', { 'Fn::GetAtt': 'Key.Arn' }] })).toEqual(['arn:aws:kms:ap-southeast-2:111122223333:key', KEY_ID]);
  });
  it('Split then Select, as the guide does for an ARN part', () => {
    expect(r({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Key', 'Arn'] }] }] })).toBe(KEY_ID);
  });
  it('Split refuses a non-list', () => {
    expect(thrown(() => r({ 'Fn::Split': 'a,b' }))).toEqual(validation('Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.'));
  });
  it.each([
    [0, 'a'],
    ['1', 'b'],
    [{ Ref: 'Days' }, undefined],
  ])('Select index %j', (index, expected) => {
    const list = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(r({ 'Fn::Select': [index, list] })).toBe(expected ?? 'h');
  });
  it('Select from a list parameter', () => {
    expect(r({ 'Fn::Select': ['2', { Ref: 'Admins' }] })).toBe('arn:c');
  });
  it.each([3, '3', -1])('Select out of range: %j', (index) => {
    expect(thrown(() => r({ 'Fn::Select': [index, ['a', 'b', 'c']] }))).toEqual(validation(`Template error: Fn::Select cannot select nonexistent value at index ${index}`));
  });
  it.each([[['x', ['a']]], [[1.5, ['a']]], [[0, 'a']], [[0]]])('Select refuses %j', (arg) => {
    expect(thrown(() => r({ 'Fn::Select': arg }))).toEqual(validation('Template error: Fn::Select requires a list argument with two elements: an integer index and a list'));
  });
});

describe('Fn::Base64, Fn::GetAZs, Fn::ImportValue, Fn::FindInMap', () => {
  it('Base64 encodes UTF-8', () => {
    expect(r({ 'Fn::Base64': 'héllo ${x}' })).toBe(Buffer.from('héllo ${x}').toString('base64'));
    expect(r({ 'Fn::Base64': { 'Fn::Sub': '${Name}' } })).toBe('YXBw');
  });
  it('GetAZs: "" and AWS::Region are the stack Region, a name is that Region', () => {
    expect(r({ 'Fn::GetAZs': '' })).toEqual(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
    expect(r({ 'Fn::GetAZs': { Ref: 'AWS::Region' } })).toEqual(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
    expect(r({ 'Fn::GetAZs': 'eu-west-1' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });
  it('ImportValue asks the scope, with a name from Sub', () => {
    expect(r({ 'Fn::ImportValue': { 'Fn::Sub': 'Net-Arn' } })).toBe('arn:aws:sns:ap-southeast-2:111122223333:net');
    expect(thrown(() => r({ 'Fn::ImportValue': 'Nope' }))).toEqual(validation('No export named Nope found.'));
  });
  it('FindInMap, keys from intrinsics', () => {
    expect(r({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Suffix'] })).toBe('syd');
    expect(r({ 'Fn::FindInMap': ['Regions', 'ap-southeast-2', 'Zones'] })).toEqual(['a', 'b']);
  });
  it.each([
    [['Nope', 'us-east-1', 'Suffix'], 'Nope::us-east-1::Suffix'],
    [['Regions', 'eu-west-1', 'Suffix'], 'Regions::eu-west-1::Suffix'],
    [['Regions', 'us-east-1', 'Zones'], 'Regions::us-east-1::Zones'],
    [['Regions', 'us-east-1', 'constructor'], 'Regions::us-east-1::constructor'],
  ])('FindInMap %j: no mapping', (arg, names) => {
    expect(thrown(() => r({ 'Fn::FindInMap': arg }))).toEqual(validation(`Template error: Unable to get mapping for ${names}`));
  });
  it('FindInMap refuses two keys', () => {
    expect(thrown(() => r({ 'Fn::FindInMap': ['Regions', 'x'] }))).toEqual(validation('Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value'));
  });
});

describe('Fn::If and condition functions in values', () => {
  it('If takes the branch of its condition, and resolves only that one', () => {
    expect(r({ 'Fn::If': ['IsProd', { Ref: 'Name' }, { Ref: 'Missing' }] })).toBe('app');
    expect(r({ 'Fn::If': ['IsDev', { 'Fn::GetAtt': 'Gone.Arn' }, 'fallback'] })).toBe('fallback');
  });
  it('If on an undeclared condition', () => {
    expect(thrown(() => r({ 'Fn::If': ['Nope', 'a', 'b'] }))).toEqual(validation('Template error: unresolved condition dependency Nope in Fn::If'));
  });
  it('If needs three elements', () => {
    expect(thrown(() => r({ 'Fn::If': ['IsProd', 'a'] }))).toEqual(validation('Template error: Fn::If requires a list argument with three elements'));
  });
  it('Equals compares text: true equals "true", 7 equals "7"', () => {
    expect(r({ 'Fn::Equals': [true, 'true'] })).toBe(true);
    expect(r({ 'Fn::Equals': [{ Ref: 'Days' }, 7] })).toBe(true);
    expect(r({ 'Fn::Equals': ['a', 'A'] })).toBe(false);
  });
  it('And/Or/Not take condition references and functions', () => {
    expect(r({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsDev' }] }] })).toBe(true);
    expect(r({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] })).toBe(false);
  });
  it('elsewhere a Condition key is data (a key policy statement)', () => {
    const statement = { Condition: { StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } } };
    expect(r(statement)).toEqual({ Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } });
    expect(r({ Condition: 'IsProd' })).toEqual({ Condition: 'IsProd' });
  });
});

describe('functions kms refuses', () => {
  it('Fn::Cidr', () => {
    expect(thrown(() => r({ 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }))?.message).toMatch(/^Template error: kms does not support Fn::Cidr/);
  });
  it('Fn::Transform needs CAPABILITY_AUTO_EXPAND', () => {
    expect(thrown(() => r({ 'Fn::Transform': { Name: 'AWS::Include' } }))).toEqual({ code: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]' });
  });
  it.each(['Fn::Foo', 'Fn::Length', 'Fn::ToJsonString'])('%s is an unsupported function', (fn) => {
    expect(thrown(() => r({ [fn]: 'x' }))?.message).toBe(
      `Template format error: Encountered unsupported function: ${fn} Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]`,
    );
  });
});

describe('evaluateConditions', () => {
  const conditionsOf = (yaml: string, parameters: Record<string, string> = { Env: 'prod', Count: '3', Flag: 'true' }) => {
    const t = parseTemplate(`Parameters:\n  Env: {Type: String}\n  Count: {Type: Number}\n  Flag: {Type: String}\nMappings:\n  M: {prod: {Big: 'yes'}, dev: {Big: 'no'}}\nConditions:\n${yaml.replace(/^/gm, '  ')}\nResources:\n  K: {Type: AWS::KMS::Key}\n`);
    return evaluateConditions(t, scope({ parameters, template: t as Template }));
  };

  it('Equals on a parameter and a pseudo parameter', () => {
    expect(Object.fromEntries(conditionsOf("IsProd: !Equals [!Ref Env, prod]\nInSydney: !Equals [!Ref 'AWS::Region', ap-southeast-2]\nIsDev: !Equals [dev, !Ref Env]"))).toEqual({ IsProd: true, InSydney: true, IsDev: false });
  });

  it('Not, And, Or, nested, with Condition references in any order', () => {
    const c = conditionsOf(['All: !And [!Condition IsProd, !Not [!Condition IsDev], !Or [!Condition IsDev, !Equals [!Ref Count, 3]]]', 'IsProd: !Equals [!Ref Env, prod]', 'IsDev: !Not [!Condition IsProd]', 'Either: !Or [!Condition IsDev, !Condition IsDev, !Condition IsProd]'].join('\n'));
    expect(Object.fromEntries(c)).toEqual({ All: true, IsProd: true, IsDev: false, Either: true });
  });

  it('a condition may be another condition, or Fn::If over conditions', () => {
    const c = conditionsOf('A: !Equals [!Ref Env, prod]\nB: !Condition A\nC: !If [A, !Condition Never, !Condition A]\nNever: !Equals [1, 2]');
    expect(Object.fromEntries(c)).toEqual({ A: true, B: true, C: false, Never: false });
  });

  it('loose typing: a boolean-word parameter equals true', () => {
    expect(conditionsOf('FlagOn: !Equals [!Ref Flag, true]').get('FlagOn')).toBe(true);
  });

  it('FindInMap inside a condition', () => {
    expect(conditionsOf("Big: !Equals [!FindInMap [M, !Ref Env, Big], 'yes']").get('Big')).toBe(true);
    expect(conditionsOf("Big: !Equals [!FindInMap [M, !Ref Env, Big], 'yes']", { Env: 'dev', Count: '1', Flag: 'x' }).get('Big')).toBe(false);
  });

  it('And/Or take 2 to 10 conditions', () => {
    const eqs = (n: number) => `[${Array.from({ length: n }, () => '!Equals [a, a]').join(', ')}]`;
    expect(conditionsOf(`A: !And ${eqs(10)}`).get('A')).toBe(true);
    expect(conditionsOf(`A: !Or ${eqs(2)}`).get('A')).toBe(true);
    expect(thrown(() => conditionsOf(`A: !And ${eqs(11)}`))).toEqual(validation('Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.'));
    expect(thrown(() => conditionsOf(`A: !Or ${eqs(1)}`))).toEqual(validation('Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters.'));
    expect(thrown(() => conditionsOf('A: !Not [!Equals [a, a], !Equals [a, a]]'))).toEqual(validation('Template error: every Fn::Not object requires one boolean parameter'));
  });

  it('an operand that is not a boolean', () => {
    expect(thrown(() => conditionsOf('A: !And [!Ref Env, !Equals [a, a]]'))).toEqual(validation('Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.'));
    expect(thrown(() => conditionsOf('A: !Ref Env'))).toEqual(validation('Template format error: Conditions can only be boolean operations on parameters and other conditions'));
  });

  it('Equals needs two values', () => {
    expect(thrown(() => conditionsOf('A: !Equals [a]'))).toEqual(validation('Template error: every Fn::Equals object requires a list of 2 string parameters.'));
  });

  it('no resources in the Conditions block', () => {
    const message = 'Template format error: Unresolved dependencies [K]. Cannot reference resources in the Conditions block of the template';
    expect(thrown(() => conditionsOf('A: !Equals [!Ref K, x]'))).toEqual(validation(message));
    expect(thrown(() => conditionsOf('A: !Equals [!GetAtt K.Arn, x]'))).toEqual(validation(message));
  });

  it('an undeclared condition', () => {
    expect(thrown(() => conditionsOf('A: !Not [!Condition Nope]'))).toEqual(validation('Template format error: Unresolved dependencies [Nope]. Cannot reference resources in the Conditions block of the template'));
  });

  it('conditions that refer to each other', () => {
    expect(thrown(() => conditionsOf('A: !Not [!Condition B]\nB: !Not [!Condition A]\nC: !Equals [a, a]'))).toEqual(validation('Template format error: Circular dependency between conditions: [A, B]'));
  });

  it('no Conditions section is an empty map', () => {
    expect(evaluateConditions(parseTemplate('Resources: {K: {Type: AWS::KMS::Key}}'), scope()).size).toBe(0);
  });
});

describe('hostile keys', () => {
  it('a member named __proto__ stays a member', () => {
    const t = parseTemplate('{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"__proto__": {"polluted": true}}}}}');
    const out = r(t.Resources.K!.Properties) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
