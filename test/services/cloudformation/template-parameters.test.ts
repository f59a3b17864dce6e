// resolveParameters, declaredParameters and noEchoParameters: the four types, every constraint and
// its text, defaults, UsePreviousValue and NoEcho.
import { describe, expect, it } from 'vitest';
import { declaredParameters, noEchoParameters, parseTemplate, resolveParameters, type ParameterInput } from '../../../src/services/cloudformation/template/index.js';
import { thrown, validation } from './template-support.js';

const withParameters = (yaml: string) => parseTemplate(`Parameters:\n${yaml.replace(/^/gm, '  ')}\nResources:\n  K: {Type: AWS::KMS::Key}\n`);
const given = (values: Record<string, string>): ParameterInput[] => Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

// The hands-on's parameters (research note §2.1) and its create-kms-params.json (§2.2)
const HANDS_ON = withParameters(
  [
    'KeyDescription: {Type: String, Default: My KMS key}',
    "AliasName: {Type: String, AllowedPattern: '^[a-zA-Z0-9/_-]+$'}",
    'PendingWindowInDays: {Type: Number, MinValue: 7, MaxValue: 30, Default: 7}',
    "EnableKeyRotation: {Type: String, AllowedValues: ['true', 'false'], Default: 'true'}",
  ].join('\n'),
);

describe('values', () => {
  it('takes given values and defaults, as strings', () => {
    const values = resolveParameters(HANDS_ON, given({ KeyDescription: 'Key created by CloudFormation', AliasName: 'my-cfn-key', PendingWindowInDays: '7' }));
    expect(values).toEqual({ KeyDescription: 'Key created by CloudFormation', AliasName: 'my-cfn-key', PendingWindowInDays: '7', EnableKeyRotation: 'true' });
  });

  it('a Number default written as a number is its text', () => {
    expect(resolveParameters(HANDS_ON, given({ AliasName: 'a' })).PendingWindowInDays).toBe('7');
  });

  it('the four types', () => {
    const t = withParameters('S: {Type: String}\nN: {Type: Number}\nL: {Type: List<Number>}\nC: {Type: CommaDelimitedList}');
    expect(resolveParameters(t, given({ S: 'x', N: '-1.5e3', L: '1, 2,3', C: 'a, b' }))).toEqual({ S: 'x', N: '-1.5e3', L: '1, 2,3', C: 'a, b' });
  });

  it('a list default written as a YAML list is stored comma-joined', () => {
    expect(resolveParameters(withParameters('C: {Type: CommaDelimitedList, Default: [a, b]}'), [])).toEqual({ C: 'a,b' });
  });

  it('an empty string is a value', () => {
    expect(resolveParameters(withParameters('S: {Type: String}'), given({ S: '' }))).toEqual({ S: '' });
  });

  it('a boolean-word default (YAML 1.1) is "true"', () => {
    expect(resolveParameters(withParameters('S: {Type: String, Default: yes}'), [])).toEqual({ S: 'true' });
  });

  it('unknown keys, all named', () => {
    expect(thrown(() => resolveParameters(HANDS_ON, given({ AliasName: 'a', Nope: '1', Other: '2' })))).toEqual(validation('Parameters: [Nope, Other] do not exist in the template'));
  });

  it('values for a template without parameters', () => {
    const t = parseTemplate('Resources: {K: {Type: AWS::KMS::Key}}');
    expect(thrown(() => resolveParameters(t, given({ A: '1' })))).toEqual(validation('Parameter values specified for a template which does not require them.'));
    expect(resolveParameters(t, [])).toEqual({});
  });

  it('missing values, all named in template order', () => {
    const t = withParameters('A: {Type: String}\nB: {Type: String, Default: b}\nC: {Type: Number}');
    expect(thrown(() => resolveParameters(t, []))).toEqual(validation('Parameters: [A, C] must have values'));
  });
});

describe('UsePreviousValue', () => {
  const t = withParameters('A: {Type: String}\nB: {Type: String, Default: b}');
  it('takes the stack’s former value', () => {
    expect(resolveParameters(t, [{ ParameterKey: 'A', UsePreviousValue: true }, { ParameterKey: 'B', UsePreviousValue: true }], { A: 'old-a', B: 'old-b' })).toEqual({ A: 'old-a', B: 'old-b' });
  });
  it('a parameter not in the previous template', () => {
    expect(thrown(() => resolveParameters(t, [{ ParameterKey: 'A', UsePreviousValue: true }], { B: 'x' }))).toEqual(
      validation('Invalid input for parameter key A. Cannot specify usePreviousValue as true for a parameter key not in the previous template'),
    );
    expect(thrown(() => resolveParameters(t, [{ ParameterKey: 'A', UsePreviousValue: true }]))?.message).toMatch(/^Invalid input for parameter key A\./);
  });
  it('with a value too', () => {
    expect(thrown(() => resolveParameters(t, [{ ParameterKey: 'A', UsePreviousValue: true, ParameterValue: 'x' }], { A: 'a' }))).toEqual(
      validation('Invalid input for parameter key A. Cannot specify usePreviousValue as true and non empty value for a parameter'),
    );
  });
  it('false is an ordinary value', () => {
    expect(resolveParameters(t, [{ ParameterKey: 'A', UsePreviousValue: false, ParameterValue: 'new' }], { A: 'old' })).toEqual({ A: 'new', B: 'b' });
  });
});

describe('constraints', () => {
  type Row = [name: string, decl: string, value: string, message: string | undefined];
  const rows: Row[] = [
    ['AllowedValues match', "{Type: String, AllowedValues: ['true', 'false']}", 'true', undefined],
    ['AllowedValues miss', "{Type: String, AllowedValues: ['true', 'false']}", 'yes', "Parameter 'P' must be one of AllowedValues"],
    ['AllowedValues unquoted true/false still match "true"', '{Type: String, AllowedValues: [true, false]}', 'false', undefined],
    ['AllowedValues [Yes, No] are booleans, so "Yes" misses (the guide’s warning)', '{Type: String, AllowedValues: [Yes, No]}', 'Yes', "Parameter 'P' must be one of AllowedValues"],
    ['AllowedValues of numbers', '{Type: Number, AllowedValues: [7, 30]}', '30', undefined],
    ['AllowedPattern match', "{Type: String, AllowedPattern: '[a-zA-Z0-9/_-]+'}", 'my-cfn-key', undefined],
    ['AllowedPattern must match the whole value', "{Type: String, AllowedPattern: '[a-z]+'}", 'abc1', "Parameter 'P' must match pattern [a-z]+"],
    ['AllowedPattern with anchors', "{Type: String, AllowedPattern: '^[a-zA-Z0-9/_-]+$'}", 'bad key', "Parameter 'P' must match pattern ^[a-zA-Z0-9/_-]+$"],
    ['AllowedPattern with a ConstraintDescription', "{Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: only lowercase letters}", 'ABC', "Parameter 'P' failed to satisfy constraint: only lowercase letters"],
    ['MinLength', '{Type: String, MinLength: 3}', 'ab', "Parameter 'P' must contain at least 3 characters"],
    ['MinLength met', "{Type: String, MinLength: '3'}", 'abc', undefined],
    ['MaxLength', '{Type: String, MaxLength: 3}', 'abcd', "Parameter 'P' must contain at most 3 characters"],
    ['MaxLength with a ConstraintDescription', '{Type: String, MaxLength: 3, ConstraintDescription: three at most}', 'abcd', "Parameter 'P' failed to satisfy constraint: three at most"],
    ['Number', '{Type: Number}', '12', undefined],
    ['Number: decimals and exponents', '{Type: Number}', '-1.5e-3', undefined],
    ['Number: not a number', '{Type: Number}', 'seven', "Parameter 'P' must be a number."],
    ['Number: empty', '{Type: Number}', '', "Parameter 'P' must be a number."],
    ['MinValue', '{Type: Number, MinValue: 7, MaxValue: 30}', '3', "Parameter 'P' must be a number not less than 7"],
    ['MaxValue', '{Type: Number, MinValue: 7, MaxValue: 30}', '31', "Parameter 'P' must be a number not greater than 30"],
    ['MinValue..MaxValue met at the edges', '{Type: Number, MinValue: 7, MaxValue: 30}', '30', undefined],
    ['MinValue written as text', "{Type: Number, MinValue: '7'}", '6.5', "Parameter 'P' must be a number not less than 7"],
    ['List<Number>: each item a number', '{Type: List<Number>}', '1, x', "Parameter 'P' must be a number."],
    ['List<Number>: each item in range', '{Type: List<Number>, MaxValue: 10}', '1,11', "Parameter 'P' must be a number not greater than 10"],
    ['List<Number>: each item allowed', '{Type: List<Number>, AllowedValues: [1, 2]}', '1, 2', undefined],
    ['CommaDelimitedList: each item allowed', '{Type: CommaDelimitedList, AllowedValues: [a, b]}', 'a,c', "Parameter 'P' must be one of AllowedValues"],
    ['CommaDelimitedList: each item matches', "{Type: CommaDelimitedList, AllowedPattern: 'arn:.*'}", 'arn:a, arn:b', undefined],
    ['CommaDelimitedList: an item misses the pattern', "{Type: CommaDelimitedList, AllowedPattern: 'arn:.*'}", 'arn:a, b', "Parameter 'P' must match pattern arn:.*"],
  ];
  it.each(rows)('%s', (_name, decl, value, message) => {
    const t = withParameters(`P: ${decl}`);
    if (message === undefined) expect(resolveParameters(t, given({ P: value }))).toEqual({ P: value });
    else expect(thrown(() => resolveParameters(t, given({ P: value })))).toEqual(validation(message));
  });

  it('a default is checked too', () => {
    expect(thrown(() => resolveParameters(withParameters('P: {Type: Number, Default: 3, MinValue: 7}'), []))).toEqual(validation("Parameter 'P' must be a number not less than 7"));
  });
});

describe('declaredParameters and NoEcho', () => {
  it('lists each as ValidateTemplate does', () => {
    const t = withParameters("Secret: {Type: String, NoEcho: true, Description: the secret}\nDays: {Type: Number, Default: 7, AllowedValues: [7, 30]}\nFlag: {Type: String, NoEcho: 'true'}\nOff: {Type: String, NoEcho: false, Default: ''}");
    expect(declaredParameters(t)).toEqual([
      { ParameterKey: 'Secret', NoEcho: true, Description: 'the secret', ParameterType: 'String', ParameterConstraints: {} },
      { ParameterKey: 'Days', DefaultValue: '7', NoEcho: false, ParameterType: 'Number', ParameterConstraints: { AllowedValues: ['7', '30'] } },
      { ParameterKey: 'Flag', NoEcho: true, ParameterType: 'String', ParameterConstraints: {} },
      { ParameterKey: 'Off', DefaultValue: '', NoEcho: false, ParameterType: 'String', ParameterConstraints: {} },
    ]);
    expect(noEchoParameters(t)).toEqual(new Set(['Secret', 'Flag']));
  });

  it('a template without parameters', () => {
    const t = parseTemplate('Resources: {K: {Type: AWS::KMS::Key}}');
    expect(declaredParameters(t)).toEqual([]);
    expect(noEchoParameters(t)).toEqual(new Set());
  });
});
