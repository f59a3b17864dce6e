// What a new user does after `npm install -g`, against a real install of this checkout (npm pack,
// then npm install -g into a temporary prefix): `kms --version` prints one line and exits 0, `man`
// finds the pages, and the README's three completion lines, run as written, make bash, zsh and
// fish complete `kms enc`. A shell or man that is not installed is skipped with a printed reason.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, release, tmpdir, type } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = ['bash', 'zsh', 'fish', 'man'].filter((c) => !has(c));
for (const c of missing) console.log(`install e2e: skipping the ${c} case: ${c} is not installed (apt-get install ${c === 'man' ? 'man-db' : c})`);

const tmp = mkdtempSync(join(tmpdir(), 'kms-install-'));
const prefix = join(tmp, 'prefix');
const home = join(tmp, 'home');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 120_000,
    // a user's environment: npm's global prefix is the temporary one, HOME a fresh one
    env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: home, npm_config_prefix: prefix, LANG: 'C.UTF-8', TERM: 'dumb', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  mkdirSync(home);
  // the package as npm would publish it (dist/ is built by npm test's pretest), installed globally;
  // its install scripts (native addons) are not what these tests are about
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const tarball = join(tmp, pack.stdout.trim().split('\n').pop()!);
  // npm's own cache (filled by npm ci), not the fresh HOME's: the dependencies come from it
  const cache = run('npm', ['config', 'get', 'cache'], { HOME: process.env.HOME ?? homedir() }).stdout.trim();
  const install = run('npm', ['install', '-g', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], { npm_config_cache: cache });
  if (install.status !== 0) throw new Error(`npm install -g failed (${install.status ?? install.signal}): ${install.stderr}${install.stdout}`);
}, 180_000);

/** The README's line for `shell`, from its completions block (the line after `# <shell>`). */
function readmeLine(shell: string): string {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith(`# ${shell}`));
  expect(at, `README has no "# ${shell}" line in its completions block`).toBeGreaterThan(-1);
  return lines[at + 1]!;
}

describe('after npm install -g', () => {
  it('kms --version prints one line, kms/<version> Node.js/<version> <os>/<release>, and exits 0, anywhere on the line as aws --version', () => {
    for (const args of [['--version'], ['encrypt', '--version'], ['--region', 'eu-west-1', '--version']]) {
      const r = run('kms', args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`kms/${VERSION} Node.js/${process.versions.node} ${type()}/${release()}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it.skipIf(missing.includes('man'))('man finds kms and every command page beside the kms on PATH', () => {
    expect(existsSync(join(prefix, 'share', 'man', 'man1', 'kms.1'))).toBe(true);
    for (const page of ['kms', 'kms-encrypt', 'kms-keyring-init', 'kms-iam-create-user']) {
      const r = run('man', ['-w', page]);
      expect(r.status, `${page}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim()).toBe(join(prefix, 'lib', 'node_modules', 'kms', 'man', `${page}.1`));
    }
  });

  it.skipIf(missing.includes('bash'))("the README's bash line: a new interactive bash completes kms enc", () => {
    expect(run('bash', ['-c', readmeLine('bash')]).status).toBe(0);
    const r = run('bash', ['-i', '-c', 'complete -p kms; COMP_WORDS=(kms enc); COMP_CWORD=1; _kms; printf "%s\\n" "${COMPREPLY[@]}"']);
    expect(r.stdout).toBe('complete -F _kms kms\nencrypt\nencrypt-stream\n');
  });

  it.skipIf(missing.includes('zsh'))("the README's zsh line: a new interactive zsh has _kms for kms", () => {
    expect(run('bash', ['-c', readmeLine('zsh')]).status).toBe(0);
    const r = run('zsh', ['-i', '-c', 'print -r -- $_comps[kms]; print -rl -- $^fpath/_kms(N)']);
    expect(r.stdout).toBe(`_kms\n${join(prefix, 'lib', 'node_modules', 'kms', 'completions', '_kms')}\n`);
  });

  it.skipIf(missing.includes('fish'))("the README's fish line: a new fish completes kms enc", () => {
    expect(run('bash', ['-c', readmeLine('fish')]).status).toBe(0);
    const r = run('fish', ['-c', 'complete -C "kms enc"']);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['encrypt', 'encrypt-stream']);
  });
});
