// Man pages: roff escaping rules, and every generated page rendered by groff and man with all
// warnings on (skipped with a printed reason where groff or man-db is missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandName } from '../../src/api/model.js';
import { model } from '../../src/services/kms/model/index.js';
import { manPages } from '../../src/gen/man.js';
import { esc, line, prose } from '../../src/gen/roff.js';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const hasGroff = has('groff');
const hasMan = has('man');
if (!hasGroff) console.warn('skipping groff render checks: groff is not installed (apt-get install groff)');
if (!hasMan) console.warn('skipping man render checks: man-db is not installed (apt-get install man-db)');

const pages = manPages('0.0.0-test');
const dir = mkdtempSync(join(tmpdir(), 'kms-man-'));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('roff escaping', () => {
  it('escapes backslashes, hyphens and non-ASCII', () => {
    expect(esc('a\\b')).toBe('a\\eb');
    expect(esc('--key-id')).toBe('\\-\\-key\\-id');
    expect(esc('…')).toBe('\\[u2026]');
  });

  it('protects lines that would read as requests', () => {
    expect(line('.hidden')).toBe('\\&.hidden');
    expect(line("'quote")).toBe("\\&'quote");
    expect(line('plain')).toBe('plain');
    expect(prose('.hidden start. Next one.')).toBe('\\&.hidden start.\nNext one.');
  });
});

describe('man pages', () => {
  it('has kms.1 and one page per operation and extension command', () => {
    for (const op of Object.values(model.operations)) expect(pages.has(`kms-${commandName(op.name)}.1`), op.name).toBe(true);
    for (const name of ['kms.1', 'kms-keyring-init.1', 'kms-keyring-info.1', 'kms-keyring-change-passphrase.1', 'kms-keyring-unlock.1', 'kms-keyring-lock.1', 'kms-configure.1']) {
      expect(pages.has(name), name).toBe(true);
    }
  });

  it('carries no date from the clock, only the version', () => {
    for (const text of pages.values()) expect(text).toMatch(/^\.TH "[^"]+" "1" "" "kms 0\.0\.0-test" "kms manual"$/m);
  });

  it('kms.1 covers global options, commands, exit status, environment, files and security', () => {
    const text = pages.get('kms.1')!;
    for (const s of ['GLOBAL OPTIONS', 'COMMANDS', 'EXTENSION COMMANDS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES', 'SECURITY']) expect(text).toContain(`.SH ${s}`);
    for (const op of Object.values(model.operations)) expect(text).toContain(`\\fB${esc(commandName(op.name))}\\fR`);
    expect(text).toContain('KMS_PASSPHRASE');
  });

  // One groff run over every page (a run per page cost 20 s of CI): a warning names its file, and
  // only then are the pages run one by one, to say which.
  const quietTogether = (cmd: string, args: string[], env?: NodeJS.ProcessEnv): string[] => {
    const names = [...pages.keys()];
    const all = spawnSync(cmd, [...args, ...names.map((n) => join(dir, n))], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
    if (all.status === 0 && !all.stderr.trim()) return [];
    return names.flatMap((name) => {
      const r = spawnSync(cmd, [...args, join(dir, name)], { encoding: 'utf8', env });
      return r.status !== 0 || r.stderr.trim() ? [`${name}: ${r.stderr.trim()}`] : [];
    });
  };

  it.skipIf(!hasGroff)('every page renders with groff -man -ww and no warnings', () => {
    expect(quietTogether('groff', ['-man', '-ww', '-z'])).toEqual([]);
  });

  it.skipIf(!hasGroff)('every page renders as man renders it at 80 columns (groff -mandoc -Tutf8, line length 80) with no warnings', () => {
    expect(quietTogether('groff', ['-mandoc', '-Tutf8', '-rLL=80n', '-rLT=80n', '-ww', '-z'])).toEqual([]);
  });

  it.skipIf(!hasMan)('man --warnings renders a page at 80 columns as written', () => {
    const r = spawnSync('man', ['--warnings', '-l', join(dir, 'kms-encrypt.1')], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '', PAGER: 'cat' } });
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
    const plain = r.stdout.replace(/.\x08/g, '');
    expect(plain).toContain('--key-id value (string, required)');
    expect(plain).toContain('SYMMETRIC_DEFAULT');
    expect(plain).toContain('kms encrypt --key-id alias/app');
    expect(plain.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });
});
