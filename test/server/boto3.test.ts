// boto3 against an in-process `kms serve`: a scenario across every operation group (keys, crypto,
// data keys, aliases, tags, asymmetric, MACs, rotation, policies, grants, key states, paging).
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEnv, noBoto3, startTestServer, type TestServer } from './helpers.js';

const SCENARIO = fileURLToPath(new URL('./scenarios/boto3_scenario.py', import.meta.url));
const TERRAFORM = fileURLToPath(new URL('./scenarios/terraform_sequence.py', import.meta.url));

describe.skipIf(noBoto3)('boto3 against kms serve', () => {
  if (noBoto3) console.warn(`skipping boto3 scenarios: ${noBoto3}`);
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('runs the scenario across every operation group', async () => {
    const r = await execa('python3', [SCENARIO, s.url], { env: clientEnv(), extendEnv: false, reject: false });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1)!;
    // The count is exact so that a check silently dropped from the script fails here.
    expect(last).toBe('ok 50');
  }, 120_000);

  it("replays Terraform's aws_kms_key and aws_kms_alias call sequence, reads seeing writes", async () => {
    const r = await execa('python3', [TERRAFORM, s.url], { env: clientEnv(), extendEnv: false, reject: false });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.stdout.trim()).toBe('ok 14');
  }, 120_000);
});
