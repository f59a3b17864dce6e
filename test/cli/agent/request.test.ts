// The kms agent's request frame and its choice of what it runs (src/cli/agent/request.ts).
import { describe, expect, it } from 'vitest';
import { agentRuns, parseRequest } from '../../../src/cli/agent/request.js';
import { SERVICES } from '../../../src/services/index.js';

const frame = (fields: string[]) => Buffer.from(fields.map((f) => `${f}\0`).join(''));

describe('parseRequest', () => {
  it('reads what native/kms_client.c sends', () => {
    const r = parseRequest(frame(['KMSA1', 'id.token', '/home/u', '120', '2', 'list-keys', '--output', '2', 'HOME=/home/u', 'A=b=c']));
    expect(r).toEqual({ session: 'id.token', cwd: '/home/u', columns: 120, argv: ['list-keys', '--output'], env: { HOME: '/home/u', A: 'b=c' } });
  });

  it('an empty column field (stdout is no terminal) gives no width; an empty argument stays', () => {
    const r = parseRequest(frame(['KMSA1', 's', '/', '', '1', '', '0']));
    expect(r.columns).toBeUndefined();
    expect(r.argv).toEqual(['']);
  });

  it.each([
    ['another magic', frame(['KMSA2', 's', '/', '', '0', '0'])],
    ['no final NUL', Buffer.from(['KMSA1', 's', '/', '', '0', '0'].join('\0'))],
    ['a count past the end', frame(['KMSA1', 's', '/', '', '5', 'a', '0'])],
    ['a count that is no number', frame(['KMSA1', 's', '/', '', 'x', '0'])],
    ['fields left over', frame(['KMSA1', 's', '/', '', '0', '0', 'extra'])],
  ])('refuses %s', (_name, data) => {
    expect(() => parseRequest(data)).toThrow();
  });
});

describe('agentRuns', () => {
  const runs = (argv: string[], keyring = '/k.db') => agentRuns(argv, SERVICES, () => keyring, '/k.db').runs;

  it('runs operations and streams on its keyring, help, and command lines that fail to parse', () => {
    expect(runs(['encrypt', '--key-id', 'k', '--plaintext', 'aGk='])).toBe(true);
    expect(runs(['list-keys', '--output', 'table', '--region', 'eu-west-1'])).toBe(true);
    expect(runs(['encrypt-stream', '--key-id', 'k'])).toBe(true); // on the caller's descriptors
    expect(runs(['encrypt', 'help'])).toBe(true);
    expect(runs([])).toBe(true);
    expect(runs(['no-such-command'])).toBe(true);
  });

  it('hands back what needs a process of its own', () => {
    expect(runs(['list-keys'], '/other.db')).toBe(false); // another keyring
    expect(runs(['keyring', 'info'])).toBe(false);
    expect(runs(['serve'])).toBe(false);
    expect(runs(['configure', 'list'])).toBe(false);
    expect(runs(['cloudformation', 'deploy', '--template-file', 't.yaml', '--stack-name', 's'])).toBe(false);
    expect(runs(['list-keys', '--endpoint-url', 'http://127.0.0.1:4599'])).toBe(false);
    expect(runs(['list-keys', '--passphrase-file', 'p'])).toBe(false);
    for (const stdin of ['fileb:///dev/stdin', 'file:///dev/fd/0', 'fileb://-', 'file:///proc/self/fd/0', '-']) {
      expect(runs(['encrypt', '--key-id', 'k', '--plaintext', stdin])).toBe(false);
    }
  });

  it('hands back the parsed invocation, so main does not parse it again', () => {
    const d = agentRuns(['list-keys'], SERVICES, () => '/k.db', '/k.db');
    expect(d.runs && d.parsed?.kind).toBe('operation');
  });
});
