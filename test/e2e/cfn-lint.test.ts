// Every CloudFormation template shipped under docs/ passes cfn-lint (the AWS CloudFormation
// linter, offline: it checks against the registry schemas it bundles). A file counts as a
// template when it parses as YAML or JSON into a mapping with a top-level Resources or
// AWSTemplateFormatVersion key; a --parameters file (a JSON list) and other data are not linted.
// Skipped, with the reason printed, when `cfn-lint --version` does not run.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT } from '../support/cli.js';

const REGION = 'ap-southeast-2';

function whyNoCfnLint(): string | undefined {
  const r = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return undefined;
  return `cfn-lint --version failed (${(r.error?.message ?? r.stderr ?? `exit ${r.status}`).trim().split('\n').pop()}); install it with \`pip install cfn-lint\``;
}

/** The CloudFormation templates under docs/, as paths relative to the repository. */
function templates(): string[] {
  const docs = join(ROOT, 'docs');
  const found: string[] = [];
  for (const entry of readdirSync(docs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ya?ml|json)$/i.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    // The YAML parser reads JSON too; the short-form tags (!Ref, !Sub, …) only give warnings.
    const doc = parseDocument(readFileSync(path, 'utf8'));
    if (doc.errors.length > 0) continue;
    const top: unknown = doc.toJS();
    if (top !== null && typeof top === 'object' && !Array.isArray(top) && ('Resources' in top || 'AWSTemplateFormatVersion' in top)) {
      found.push(relative(ROOT, path));
    }
  }
  return found.sort();
}

const NO_CFN_LINT = whyNoCfnLint();
if (NO_CFN_LINT) console.warn(`cfn-lint.test.ts skipped: ${NO_CFN_LINT}`);
const TEMPLATES = templates();

describe('the templates under docs/', () => {
  it('include the hands-on template, and the parameters file is not taken for one', () => {
    expect(TEMPLATES).toContain('docs/examples/create-kms-cf.yaml');
    expect(TEMPLATES).not.toContain('docs/examples/create-kms-params.json');
  });

  describe.skipIf(NO_CFN_LINT !== undefined)('cfn-lint', () => {
    it.each(TEMPLATES)(`%s passes cfn-lint -r ${REGION}`, async (file) => {
      // `--` ends --regions, which takes several values and would swallow the file name.
      const r = await execa('cfn-lint', ['--regions', REGION, '--format', 'parseable', '--', file], { cwd: ROOT, reject: false, all: true });
      expect(r.exitCode, `cfn-lint ${file} exited ${r.exitCode}:\n${String(r.all)}`).toBe(0);
    }, 120_000);
  });
});
