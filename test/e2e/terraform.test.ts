// The real Terraform round trip against `kms serve`: docs/examples/create-kms.tf (a bare
// `provider "aws" { region }`, no skip_* flags) with AWS_ENDPOINT_URL pointing at the server, then
// init, validate, apply, the outputs checked with kms itself, a plan that finds nothing to change,
// destroy, and the key left PendingDeletion with its alias gone. (serve-terraform.test.ts replays
// the same calls with boto3 where Terraform is not installed.)
//
// Skipped, with the reason printed, when `terraform version` does not run, or when no filesystem
// mirror holds the hashicorp/aws provider for this platform: the directory named by
// KMS_TF_PROVIDER_MIRROR when it is set, else the first of MIRROR_ROOTS below that has
// registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_v*.
// Nothing is downloaded: the CLI config installs hashicorp/aws from the mirror only.
//
// Timings on the machine where this was written (Terraform 1.11.4, hashicorp/aws 5.100.0, three
// runs): init 0.6-4.5 s (links the provider from the mirror; slow when the 700 MB binary is not in
// the page cache), validate 3.2-4.4 s (no API call), apply 16.7-18.1 s, plan 4.1-4.8 s, destroy
// 5.5-5.8 s; the whole file about 36 s. Apply's time is the provider's own client-side waiting,
// not the server (every request took 1-24 ms): after CreateKey and EnableKeyRotation it polls
// GetKeyRotationStatus, then GetKeyPolicy, then ListResourceTags, each until 5 consecutive answers
// match, at least 1 s apart (waitKeyRotationEnabledPropagated, waitKeyPolicyPropagated,
// waitTagsPropagated in internal/service/kms), so 12 s between CreateKey and the read that ends the
// key's creation; the alias takes no time. The rest of every command (about 3-4 s) is Terraform
// starting the provider plugin, STS GetCallerIdentity, the data sources and the refresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { json, ROOT, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer, type Server } from './serve-support.js';

const REGION = 'ap-southeast-2';
const ACCOUNT = '111122223333';
const EXAMPLE = join(ROOT, 'docs', 'examples', 'create-kms.tf');
// What create-kms.tf declares.
const DESCRIPTION = 'Key created by Terraform';
const ALIAS = 'alias/my-tf-key';
const TAGS = { Environment: 'dev', Name: 'my-tf-key' };

/** Terraform's name for this platform, as in the mirror's <os>_<arch> folders. */
const PLATFORM = `${process.platform === 'win32' ? 'windows' : process.platform}_${({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch}`;

/** Where provider mirrors usually are: this image's, then Terraform's implied local mirror folders on Unix. */
const MIRROR_ROOTS = [
  '/opt/tf-plugins',
  '/opt/terraform/plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/** True when `root` is a filesystem mirror holding a hashicorp/aws build for this platform. */
function holdsAwsProvider(root: string): boolean {
  const versions = join(root, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(versions)) return false;
  return readdirSync(versions).some((v) => {
    const dir = join(versions, v, PLATFORM);
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('terraform-provider-aws_v'));
  });
}

function findMirror(): { mirror?: string; why?: string } {
  const override = process.env.KMS_TF_PROVIDER_MIRROR;
  if (override) {
    return holdsAwsProvider(override)
      ? { mirror: override }
      : { why: `KMS_TF_PROVIDER_MIRROR=${override} has no registry.terraform.io/hashicorp/aws/<version>/${PLATFORM}/terraform-provider-aws_v*` };
  }
  const mirror = MIRROR_ROOTS.find(holdsAwsProvider);
  return mirror
    ? { mirror }
    : { why: `no hashicorp/aws provider mirror for ${PLATFORM} in ${MIRROR_ROOTS.join(', ')} (set KMS_TF_PROVIDER_MIRROR to one)` };
}

function whyNoTerraform(): string | undefined {
  const r = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.status === 0) return undefined;
  return `terraform version failed (${(r.error?.message ?? r.stderr ?? `exit ${r.status}`).trim().split('\n').pop()})`;
}

const NO_TERRAFORM = whyNoTerraform();
const { mirror: MIRROR, why: NO_MIRROR } = NO_TERRAFORM ? { mirror: undefined, why: undefined } : findMirror();
const SKIP = NO_TERRAFORM ?? NO_MIRROR;
if (SKIP) console.warn(`terraform.test.ts skipped: ${SKIP}`);

let sb: Sandbox;
let server: Server;
let work: string;
let tfEnv: Record<string, string>;
const timings: string[] = [];

/** Runs one terraform step in the working copy; prints its output when it fails so a CI log explains itself. */
async function terraform(args: string[], ok: number[] = [0]) {
  const started = performance.now();
  const r = await execa('terraform', [...args, '-no-color'], { cwd: work, env: tfEnv, extendEnv: false, reject: false, all: true, timeout: 240_000 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  timings.push(`terraform ${args[0]}: ${seconds} s (exit ${r.exitCode})`);
  const output = String(r.all ?? '');
  if (!ok.includes(r.exitCode ?? -1)) {
    console.error(`terraform ${args.join(' ')} exited ${r.exitCode} after ${seconds} s:\n${output}\n--- kms serve log ---\n${server.log()}`);
  }
  return { exitCode: r.exitCode, output, stdout: String(r.stdout) };
}

/** kms on the same keyring as the server, in the example's region. */
async function kms(args: string[]) {
  const r = await sb.kms(['--region', REGION, ...args]);
  expect(r.exitCode, `kms ${args.join(' ')}: ${String(r.stderr)}`).toBe(0);
  return json(r);
}

describe.skipIf(SKIP !== undefined)(`terraform against kms serve (${PLATFORM})`, () => {
  beforeAll(async () => {
    sb = await sandbox();
    server = await startServer(sb);
    work = join(sb.dir, 'tf');
    mkdirSync(work);
    copyFileSync(EXAMPLE, join(work, 'create-kms.tf'));
    const cliConfig = join(sb.dir, 'terraform.rc');
    writeFileSync(
      cliConfig,
      `provider_installation {\n` +
        `  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n` +
        `  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
    // clientEnv signs with the server's --credentials key and keeps aws config files out; its HOME
    // is the sandbox, so Terraform writes nothing outside it. The global AWS_ENDPOINT_URL (not
    // clientEnv's AWS_ENDPOINT_URL_KMS) because the provider also calls STS GetCallerIdentity.
    tfEnv = {
      ...clientEnv(sb),
      AWS_ENDPOINT_URL: server.url,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_DATA_DIR: join(sb.dir, 'tf-data'),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    };
    delete tfEnv.AWS_ENDPOINT_URL_KMS;
    if (process.env.TMPDIR) tfEnv.TMPDIR = process.env.TMPDIR;
  });
  afterAll(async () => {
    if (timings.length > 0) console.log(`terraform.test.ts timings:\n  ${timings.join('\n  ')}`);
    await server?.stop();
    sb?.cleanup();
  });

  let outputs: { key_id: string; key_arn: string; alias_arn: string };

  it('init installs hashicorp/aws from the mirror, and validate passes', async () => {
    const init = await terraform(['init']);
    expect(init.exitCode, init.output).toBe(0);
    expect(init.output).toMatch(/Installing hashicorp\/aws v[\d.]+/);
    const validate = await terraform(['validate']);
    expect(validate.exitCode, validate.output).toBe(0);
    expect(validate.output).toContain('The configuration is valid.');
  }, 120_000);

  it('apply creates the key and alias kms then shows', async () => {
    const apply = await terraform(['apply', '-auto-approve']);
    expect(apply.exitCode, apply.output).toBe(0);
    expect(apply.output).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const out = await terraform(['output', '-json']);
    expect(out.exitCode, out.output).toBe(0);
    const raw = JSON.parse(out.stdout) as Record<string, { value: string }>;
    outputs = { key_id: raw.key_id!.value, key_arn: raw.key_arn!.value, alias_arn: raw.alias_arn!.value };
    expect(outputs.key_arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${outputs.key_id}`);
    expect(outputs.alias_arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:${ALIAS}`);

    // The provider asked STS who it is, at the server (the global endpoint), before any KMS call.
    expect(server.log()).toMatch(/GetCallerIdentity/);

    const meta = (await kms(['describe-key', '--key-id', outputs.key_id])).KeyMetadata;
    expect(meta).toMatchObject({
      KeyId: outputs.key_id,
      Arn: outputs.key_arn,
      AWSAccountId: ACCOUNT,
      Description: DESCRIPTION,
      KeyState: 'Enabled',
      Enabled: true,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
    });
    expect(await kms(['get-key-rotation-status', '--key-id', outputs.key_id])).toMatchObject({
      KeyRotationEnabled: true,
      RotationPeriodInDays: 180,
    });
    const aliases = (await kms(['list-aliases', '--key-id', outputs.key_id])).Aliases;
    expect(aliases).toEqual([expect.objectContaining({ AliasName: ALIAS, AliasArn: outputs.alias_arn, TargetKeyId: outputs.key_id })]);
    const tags = (await kms(['list-resource-tags', '--key-id', outputs.key_id])).Tags as { TagKey: string; TagValue: string }[];
    expect(Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue]))).toEqual(TAGS);
    const policy = JSON.parse((await kms(['get-key-policy', '--key-id', outputs.key_id, '--policy-name', 'default'])).Policy);
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*' })]);
  }, 300_000);

  it('plan then finds nothing to change (every attribute reads back as written)', async () => {
    expect(outputs, 'apply did not succeed').toBeDefined();
    const plan = await terraform(['plan', '-detailed-exitcode'], [0]);
    expect(plan.exitCode, plan.output).toBe(0);
    expect(plan.output).toContain('No changes.');
  }, 180_000);

  it('destroy deletes the alias and schedules the key for deletion in 7 days', async () => {
    expect(outputs, 'apply did not succeed').toBeDefined();
    const destroy = await terraform(['destroy', '-auto-approve']);
    expect(destroy.exitCode, destroy.output).toBe(0);
    expect(destroy.output).toContain('Destroy complete! Resources: 2 destroyed.');

    const meta = (await kms(['describe-key', '--key-id', outputs.key_id])).KeyMetadata;
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    // deletion_window_in_days = 7: DeletionDate is 7 days after the destroy.
    const days = (Date.parse(meta.DeletionDate) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await kms(['list-aliases', '--key-id', outputs.key_id])).Aliases).toEqual([]);
    expect((await kms(['list-aliases'])).Aliases.map((a: { AliasName: string }) => a.AliasName)).not.toContain(ALIAS);
  }, 180_000);
});
