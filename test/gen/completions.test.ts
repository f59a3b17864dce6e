// Completion scripts loaded in their real shells (bash, zsh, fish) and asked for real
// completions; a shell that is not installed is skipped with a printed reason.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { commandName, flagName } from '../../src/api/model.js';
import { model, shape } from '../../src/services/kms/model/index.js';
import type { StringShape, StructureShape } from '../../src/api/types.js';
import { completionScripts } from '../../src/gen/completions.js';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const shells = { bash: has('bash'), zsh: has('zsh'), fish: has('fish') };
for (const [shell, ok] of Object.entries(shells)) {
  if (!ok) console.warn(`skipping ${shell} completion tests: ${shell} is not installed (apt-get install ${shell})`);
}

const KEY_SPECS = (shape('KeySpec') as StringShape).enum!;
const tmp = mkdtempSync(join(tmpdir(), 'kms-compl-'));
const scripts = join(tmp, 'scripts');
mkdirSync(scripts);
for (const [name, text] of completionScripts()) writeFileSync(join(scripts, name), text);
// Files to complete after fileb:// and file://
const files = join(tmp, 'files');
mkdirSync(join(files, 'sub'), { recursive: true });
writeFileSync(join(files, 'plain.txt'), 'x');
writeFileSync(join(files, 'secret.bin'), 'x');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines = (out: string): string[] => out.split('\n').map((l) => l.replace(/\r$/, '')).filter(Boolean);

/** bash: source the script, set COMP_WORDS/COMP_CWORD (and COMP_LINE when given), call _kms. */
function bash(words: readonly string[], line?: string): string[] {
  const setLine = line === undefined ? '' : 'COMP_LINE=$LINE COMP_POINT=${#LINE};';
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); ${setLine} _kms; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', join(scripts, 'kms.bash'), ...words], {
    encoding: 'utf8',
    env: { ...process.env, LINE: line ?? '' },
  });
  expect(r.stderr).toBe('');
  return lines(r.stdout);
}

function fish(line: string): string[] {
  const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', join(scripts, 'kms.fish'), line], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return lines(r.stdout).map((l) => l.split('\t')[0]!);
}

const here = dirname(fileURLToPath(import.meta.url));
function zsh(line: string): string[] {
  const r = spawnSync('zsh', ['-f', join(here, 'zsh-capture.zsh'), scripts, line], { encoding: 'utf8', timeout: 20_000 });
  return lines(r.stdout);
}

describe.skipIf(!shells.bash)('bash completion', () => {
  it('completes command names', () => {
    expect(bash(['kms', 'enc'])).toEqual(['encrypt', 'encrypt-stream']);
    expect(bash(['kms', 'keyring', ''])).toEqual(['init', 'info', 'change-passphrase', 'unlock', 'lock', 'backup', 'copy', 'seed', 'verify']);
    expect(bash(['kms', '--region', 'eu-west-1', 'list-k'])).toEqual(['list-key-policies', 'list-key-rotations', 'list-keys']);
    expect(bash(['kms', 'configure', ''])).toEqual(['list', 'get', 'set', 'unset']);
  });

  it('completes a command\'s flags and the global flags', () => {
    expect(bash(['kms', 'create-key', '--key-s'])).toEqual(['--key-spec']);
    expect(bash(['kms', 'encrypt', '--dry-run', '--enc'])).toEqual(['--encryption-context', '--encryption-algorithm']);
    expect(bash(['kms', 'keyring', 'init', '--kdf'])).toEqual(['--kdf-cost']);
    expect(bash(['kms', 'encrypt', '--qu'])).toEqual(['--query']);
  });

  it('offers every input member of every operation as a flag', () => {
    for (const op of Object.values(model.operations)) {
      const got = new Set(bash(['kms', commandName(op.name), '--']));
      for (const member of Object.keys((shape(op.input) as StructureShape).members)) {
        expect(got.has(`--${flagName(member)}`), `${op.name} ${member}`).toBe(true);
      }
    }
  });

  it('completes enum values after an enum flag', () => {
    expect(bash(['kms', 'create-key', '--key-spec', ''])).toEqual([...KEY_SPECS]);
    expect(bash(['kms', 'create-key', '--key-spec', ''])).toContain('RSA_2048');
    expect(bash(['kms', 'generate-data-key', '--key-spec', ''])).toEqual(['AES_256', 'AES_128']);
    expect(bash(['kms', '--output', ''])).toEqual(['json', 'text', 'table', 'yaml', 'yaml-stream']);
    expect(bash(['kms', 'create-grant', '--operations', 'Encrypt', 'De'])).toEqual(['Decrypt', 'DescribeKey', 'DeriveSharedSecret']);
    expect(bash(['kms', 'configure', 'set', 'output', 'y'])).toEqual(['yaml', 'yaml-stream']);
  });

  it('completes paths after fileb:// and file://, keeping the prefix', () => {
    expect(bash(['kms', 'encrypt', '--plaintext', `fileb://${files}/`]).sort()).toEqual(
      [`fileb://${files}/plain.txt`, `fileb://${files}/secret.bin`, `fileb://${files}/sub/`].sort(),
    );
    expect(bash(['kms', 'encrypt', '--plaintext', `file://${files}/p`])).toEqual([`file://${files}/plain.txt`]);
    expect(bash(['kms', 'encrypt', '--plaintext', ''])).toEqual(['fileb://', 'file://']);
    expect(bash(['kms', 'encrypt', '--cli-input-json', `file://${files}/s`]).sort()).toEqual([`file://${files}/secret.bin`, `file://${files}/sub/`]);
  });

  it('handles readline splitting fileb://path at the colon (COMP_WORDBREAKS)', () => {
    const line = `kms encrypt --plaintext fileb://${files}/se`;
    // readline hands over fileb, :, //path; replies must replace only the last piece
    expect(bash(['kms', 'encrypt', '--plaintext', 'fileb', ':', `//${files}/se`], line)).toEqual([`//${files}/secret.bin`]);
  });
});

describe.skipIf(!shells.zsh)('zsh completion', () => {
  it('completes commands, flags and enum values', () => {
    expect(zsh('kms enc')).toEqual(['encrypt', 'encrypt-stream']);
    expect(zsh('kms create-key --key-s')).toEqual(['--key-spec']);
    expect(zsh('kms create-key --key-spec ')).toEqual([...KEY_SPECS]);
    expect(zsh('kms --output ')).toEqual(['json', 'text', 'table', 'yaml', 'yaml-stream']);
    expect(zsh('kms keyring ').sort()).toEqual(['backup', 'change-passphrase', 'copy', 'info', 'init', 'lock', 'seed', 'unlock', 'verify']);
  });

  it('completes paths after fileb://, keeping the prefix', () => {
    expect(zsh(`kms encrypt --plaintext fileb://${files}/`).map((f) => f.replace(/\/$/, '')).sort()).toEqual(
      [`fileb://${files}/plain.txt`, `fileb://${files}/secret.bin`, `fileb://${files}/sub`].sort(),
    );
  });
});

describe.skipIf(!shells.fish)('fish completion', () => {
  it('completes commands, flags and enum values', () => {
    expect(fish('kms enc')).toEqual(['encrypt', 'encrypt-stream']);
    expect(fish('kms create-key --key-s')).toEqual(['--key-spec']);
    expect(fish('kms create-key --key-spec ').sort()).toEqual([...KEY_SPECS].sort());
    expect(fish('kms --output ').sort()).toEqual(['json', 'table', 'text', 'yaml', 'yaml-stream']);
    expect(fish('kms create-grant --operations Encrypt De').sort()).toEqual(['Decrypt', 'DeriveSharedSecret', 'DescribeKey']);
    expect(fish('kms keyring ').sort()).toEqual(['backup', 'change-passphrase', 'copy', 'info', 'init', 'lock', 'seed', 'unlock', 'verify']);
  });

  it('completes paths after fileb://, keeping the prefix', () => {
    expect(fish(`kms encrypt --plaintext fileb://${files}/`).sort()).toEqual(
      [`fileb://${files}/plain.txt`, `fileb://${files}/secret.bin`, `fileb://${files}/sub/`].sort(),
    );
  });
});
