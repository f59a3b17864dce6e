// The soak (test/soak/run.mjs, `npm run soak`: 10 minutes) cut to a few seconds: the same script,
// the same 16 clients and mix. Asserts what does not depend on the machine's speed: no error the
// client did not cause, file descriptors back to where they were, a clean SIGTERM, a minimum of
// requests, and that every check is computed and reported. RSS growth and latency are reported
// but not asserted here: a few seconds are all warm-up on a shared machine.
import { execa } from 'execa';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

it('a short soak of kms serve: 16 clients, no server-caused error, stable fds, clean shutdown', async () => {
  const r = await execa(process.execPath, [join(ROOT, 'test', 'soak', 'run.mjs')], {
    env: { ...process.env, SOAK_SECONDS: '7', SOAK_CLIENTS: '16', SOAK_REPORT: '-' },
    reject: false,
    timeout: 60_000,
  });
  const line = String(r.stdout)
    .split('\n')
    .find((l) => l.startsWith('SOAK_RESULT '));
  expect(line, `${r.stdout}\n${r.stderr}`).toBeDefined();
  const result = JSON.parse(line!.slice('SOAK_RESULT '.length));
  // the script exits 1 only for a failed check (2 for a crash); RSS growth may fail in 7 s
  expect([0, 1], String(r.stderr)).toContain(r.exitCode);
  expect(Object.keys(result.checks).sort()).toEqual(['cleanShutdown', 'fdsStable', 'noServerErrors', 'rssGrowthUnder10Percent']);
  expect(result.serverErrors, result.errorSamples.join('\n')).toBe(0);
  expect(result.checks.noServerErrors).toBe(true);
  expect(result.checks.fdsStable, JSON.stringify(result.fds)).toBe(true);
  expect(result.checks.cleanShutdown, JSON.stringify(result.shutdown)).toBe(true);
  expect(result.clients).toBe(16);
  expect(result.ops).toBeGreaterThan(300);
  // the deliberate client errors all got their exact 4xx (else they would be server-caused errors)
  expect(result.clientErrors).toBeGreaterThan(0);
  for (const op of result.operations) expect(op.count, op.name).toBeGreaterThan(0);
  for (const figure of [result.rssMiB.warm, result.rssMiB.end, result.rssMiB.growthPercent, result.latencyMs.p50, result.latencyMs.p99]) {
    expect(typeof figure).toBe('number');
    expect(Number.isFinite(figure)).toBe(true);
  }
});
