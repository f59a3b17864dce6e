// Runs the installed AWS CLI v1 / botocore Python code once per suite as an oracle: a script reads
// one JSON document on stdin and prints one JSON answer. Suites skip when python3 or awscli is absent.

import { spawnSync } from 'node:child_process';

const probe = spawnSync('python3', ['-c', 'import awscli, botocore'], { encoding: 'utf8' });
/** Why the oracle cannot run here, or undefined when it can. */
export const oracleMissing: string | undefined =
  probe.error || probe.status !== 0 ? `python3 with awscli/botocore not available (${probe.error?.message ?? probe.stderr.trim()})` : undefined;

/** Runs `script` under python3 with `input` as JSON on stdin; returns its JSON stdout. */
export function runPython<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
