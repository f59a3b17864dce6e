// Runs test/cli/output/awscli-oracle.py (the installed AWS CLI v1 and botocore) once over many
// cases. Tests skip with a printed reason where python3 or awscli is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./awscli-oracle.py', import.meta.url));

function probe(code: string): string | undefined {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  if (r.error) return `python3 not runnable: ${r.error.message}`;
  if (r.status !== 0) return `python3 cannot ${code}: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

/** Why the awscli oracle cannot run here, or undefined when it can. */
export const awscliMissing: string | undefined = probe('import awscli.formatter, botocore.paginate, jmespath');
/** Why the PyYAML oracle cannot run here, or undefined when it can. */
export const pyyamlMissing: string | undefined = probe('import yaml');

export function runOracle<T>(cases: unknown[]): T[] {
  const out = execFileSync('python3', [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as T[];
}

export function python(code: string, input = '', env: Record<string, string> = {}): string {
  return execFileSync('python3', ['-c', code], {
    input,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', ...env },
  });
}
