// The TTY prompt: without a controlling terminal it is a clean configError, never a hang.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve(__dirname, '../../dist/keyring/prompt.js');
const setsid = ['/usr/bin/setsid', '/bin/setsid'].find(existsSync);
const why = !existsSync(DIST) ? `${DIST} is missing (run npx tsc -p .)` : !setsid ? 'setsid is not installed' : '';
if (why) console.warn(`skipping prompt test: ${why}`);

describe.skipIf(why !== '')('promptSecretFromTty', () => {
  it('rejects with exit 253 and hints when there is no /dev/tty', () => {
    const script = `
      const { promptSecretFromTty } = await import(${JSON.stringify('file://' + DIST)});
      promptSecretFromTty('Passphrase: ').then(
        () => console.log('resolved'),
        (e) => console.log(JSON.stringify({ name: e.name, exitCode: e.exitCode, message: e.message, hints: e.hints })),
      );`;
    const r = spawnSync(setsid!, [process.execPath, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 10_000,
    });
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ name: 'LocalError', exitCode: 253 });
    expect(out.message).toMatch(/no terminal/);
    expect(out.hints.join(' ')).toMatch(/KMS_PASSPHRASE/);
  });
});

const script = ['/usr/bin/script', '/bin/script'].find(existsSync);
const whyPty = why || (!script ? 'script (util-linux) is not installed' : '');
if (whyPty) console.warn(`skipping pseudo-terminal prompt tests: ${whyPty}`);

/** Runs the prompt under a pseudo-terminal made by script(1), typing `keys` after a moment. */
async function underPty(keys: string): Promise<string> {
  const { spawn } = await import('node:child_process');
  const program = `const { promptSecretFromTty } = await import(${JSON.stringify('file://' + DIST)});
    promptSecretFromTty('Pass: ').then((s) => console.log('GOT', Buffer.from(s).toString('hex')),
      (e) => console.log('ERR', String(e.exitCode), e.message));`;
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'kms-prompt-'));
  writeFileSync(join(dir, 'p.mjs'), program);
  const cmd = `'${process.execPath}' '${join(dir, 'p.mjs')}'`;
  const child = spawn(script!, ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  setTimeout(() => child.stdin.write(keys), 700);
  await new Promise((res) => child.on('close', res));
  rmSync(dir, { recursive: true, force: true });
  return out;
}

describe.skipIf(whyPty !== '')('promptSecretFromTty on a terminal', () => {
  it('reads a line without echo, honouring backspace', async () => {
    const out = await underPty('se\x7fcret\r');
    expect(out).toContain(`GOT ${Buffer.from('scret').toString('hex')}`);
    expect(out).not.toContain('cret');
  }, 15_000);

  it('Ctrl-C rejects with exit 130', async () => {
    expect(await underPty('ab\x03')).toMatch(/ERR 130 interrupted/);
  }, 15_000);
});
