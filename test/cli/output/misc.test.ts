// yaml and yaml-stream against PyYAML's safe dumper (ruamel's ancestor), ISO 8601 timestamps
// against Python's datetime.isoformat, --color rules, and the CLI's --query error text.
import { afterEach, describe, expect, it } from 'vitest';
import { useColor } from '../../../src/cli/output/color.js';
import { formatOutput } from '../../../src/cli/output/format.js';
import { paginate } from '../../../src/cli/output/paginate.js';
import { compileQuery } from '../../../src/cli/output/query.js';
import { isoTimestamp, normalize } from '../../../src/cli/output/values.js';
import { EXIT, LocalError } from '../../../src/errors.js';
import { FIXTURES } from './fixtures.js';
import { awscliMissing, python, pyyamlMissing } from './oracle.js';

if (pyyamlMissing) console.warn(`skipping PyYAML comparisons: ${pyyamlMissing}`);

const DUMP = `import sys, json, yaml
for d in json.load(sys.stdin):
    sys.stdout.write(yaml.safe_dump(d, default_flow_style=False, allow_unicode=True) if d != {} else '')
    sys.stdout.write('\\0')`;

describe.skipIf(pyyamlMissing !== undefined)('yaml output matches a safe YAML dump', () => {
  const names = Object.keys(FIXTURES);
  const data = names.map((n) => normalize(FIXTURES[n]!.response));
  const want = pyyamlMissing ? [] : python(DUMP, JSON.stringify(data)).split('\0');
  names.forEach((n, i) => {
    it(n, () => {
      expect(formatOutput(FIXTURES[n]!.response, { format: 'yaml', operation: 'X', color: false })).toBe(want[i]);
    });
  });

  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }, null, 2);
  const words = (w: string, n: number): string => Array.from({ length: n }, () => w).join(' ');
  const strings = [
    'true', 'yes', 'Off', '123', '0x1F', '1.5', '1_000', '2026-11-28', '2026-11-28T16:24:35.123000+00:00', '~', 'null', '', '=', '<<',
    'line1\nline2', 'a\n\nb', 'trailing\n', ' lead', 'trail ', 'tab\there', '\x7f', '\u0085x', 'é日本 🔑', 'x🔑\ty',
    '#c', 'a #b', 'a#b', 'a: b', 'a:b', ':x', '- x', '-x', '---', '...x', '? q', '@at', '`tick', "it's", '"dq"', '{x}', 'a,b', '[x]', '%p', '&a', '*s', '!t', '|p', '>f',
    words('word', 40), words('a', 90), words('abcdefghij', 12), `${words('y', 50)}\n${words('z', 50)}`, policy, `x\t${words('q', 60)}`,
    `${'k'.repeat(85)} end`, `it's ${words('w', 40)}`, 'x'.repeat(200),
  ];
  const nested = {
    Top: strings,
    Deep: { Inner: { List: strings.slice(-8), Maps: strings.slice(-6).map((s, i) => ({ Key: s, N: i, B: i % 2 === 0, Z: null })) } },
    Lists: [[1, [2, []]], [{}], [{ a: [] }]],
    'é key': 1, 'a: key': 2, '123': 3, true: 'k',
  };
  const extra: unknown[] = [nested, ...strings.map((s) => ({ V: s })), ...strings.slice(0, 20), [strings.slice(0, 5)], 5, null, true, [], [[]]];

  it('writes scalars with the style and line folding a safe dumper picks', () => {
    const want2 = python(DUMP, JSON.stringify(extra)).split('\0');
    extra.forEach((d, i) => {
      expect(formatOutput(d, { format: 'yaml', operation: 'X', color: false }), JSON.stringify(d).slice(0, 60)).toBe(want2[i]);
    });
    expect(extra.length).toBeGreaterThan(80);
  });
});

describe('yaml-stream', () => {
  it('dumps each page as a one-item list, as it came from the service', async () => {
    let calls = 0;
    const full = await paginate(
      async () => (++calls === 1 ? { Keys: [{ KeyId: 'a' }], Truncated: true, NextMarker: 'm' } : { Keys: [{ KeyId: 'b' }], Truncated: false }),
      { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Keys', moreResults: 'Truncated' },
      {},
    );
    expect(formatOutput(full, { format: 'yaml-stream', operation: 'ListKeys', color: false })).toBe(
      '- Keys:\n  - KeyId: a\n  NextMarker: m\n  Truncated: true\n- Keys:\n  - KeyId: b\n  Truncated: false\n',
    );
    expect(formatOutput({ KeyId: 'k' }, { format: 'yaml-stream', operation: 'DescribeKey', color: false })).toBe('- KeyId: k\n');
  });
});

describe('timestamps: v2 iso8601 (datetime.isoformat in the local zone)', () => {
  const saved = process.env['TZ'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });
  const instants = [Date.UTC(2026, 10, 28, 16, 24, 35, 123), Date.UTC(2026, 0, 1, 0, 0, 0, 0), Date.UTC(2026, 6, 1, 23, 59, 59, 999)];
  for (const tz of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe']) {
    it.skipIf(awscliMissing !== undefined)(`in ${tz}`, () => {
      process.env['TZ'] = tz;
      const ours = instants.map((ms) => isoTimestamp(new Date(ms)));
      const code = `import sys, datetime\nfrom dateutil.tz import tzlocal\nfor ms in ${JSON.stringify(instants)}:\n    print(datetime.datetime.fromtimestamp(ms / 1000, tzlocal()).isoformat())`;
      expect(ours.join('\n') + '\n').toBe(python(code, '', { TZ: tz }));
    });
  }
  it('prints the microsecond form', () => {
    process.env['TZ'] = 'UTC';
    expect(isoTimestamp(new Date('2026-11-28T16:24:35.123Z'))).toBe('2026-11-28T16:24:35.123000+00:00');
    expect(isoTimestamp(new Date('2026-11-28T16:24:35Z'))).toBe('2026-11-28T16:24:35+00:00');
  });
});

describe('colour', () => {
  it('follows --color, then NO_COLOR, then the terminal', () => {
    expect(useColor('on', { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor('off', {}, true)).toBe(false);
    expect(useColor('auto', {}, true)).toBe(true);
    expect(useColor(undefined, {}, true)).toBe(true);
    expect(useColor('auto', {}, false)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '' }, true)).toBe(true);
    expect(() => useColor('sometimes', {}, true)).toThrow(LocalError);
  });
  it('colours only tables', () => {
    const r = FIXTURES['listKeys']!.response;
    for (const format of ['json', 'text', 'yaml'] as const) {
      expect(formatOutput(r, { format, operation: 'ListKeys', color: true })).toBe(formatOutput(r, { format, operation: 'ListKeys', color: false }));
    }
    expect(formatOutput(r, { format: 'table', operation: 'ListKeys', color: true })).toContain('\x1b[1m\x1b[34m');
  });
});

describe('--query errors (text recorded from the aws CLI)', () => {
  const cases: Array<[string, string]> = [
    ['Keys[', 'Bad value for --query Keys[: Invalid jmespath expression: Incomplete expression:\n"Keys["\n      ^'],
    ['Keys[?', 'Bad value for --query Keys[?: Invalid jmespath expression: Incomplete expression:\n"Keys[?"\n       ^'],
    ['[1', 'Bad value for --query [1: Invalid jmespath expression: Incomplete expression:\n"[1"\n   ^'],
    ['foo(', 'Bad value for --query foo(: Invalid jmespath expression: Incomplete expression:\n"foo("\n     ^'],
    ['Keys]', 'Bad value for --query Keys]: Unexpected token: ]: Parse error at column 4, token "]" (RBRACKET), for expression:\n"Keys]"\n     ^'],
    ['Keys^', 'Bad value for --query Keys^: Bad jmespath expression: Unknown token ^:\nKeys^\n    ^'],
  ];
  for (const [expr, message] of cases) {
    it(expr, () => {
      let caught: unknown;
      try {
        compileQuery(expr);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LocalError);
      expect((caught as LocalError).message).toBe(message);
      expect((caught as LocalError).exitCode).toBe(EXIT.usage);
    });
  }
});
