// The committed man/, completions/ and src/services/*/types.gen.ts must be exactly what `npm run
// gen` writes now: a drift (changed, missing or extra file) fails with the command that fixes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIRS, generatedFiles, projectRoot } from '../../src/gen/main.js';
import { EXTENSION_COMMANDS } from '../../src/cli/options.js';
import { SERVICES } from '../../src/services/index.js';

const root = projectRoot();
const FIX = 'generated files are out of date: run `npm run gen`';

describe('generated files are current', () => {
  const files = generatedFiles();

  it('generates the pages and scripts the design promises', () => {
    expect(files.has('man/kms.1')).toBe(true);
    expect(files.has('man/kms-encrypt.1')).toBe(true);
    expect(files.has('man/kms-keyring-init.1')).toBe(true);
    expect(files.has('man/kms-configure.1')).toBe(true);
    expect(files.has('src/services/kms/types.gen.ts')).toBe(true);
    expect([...files.keys()].filter((f) => f.startsWith('completions/')).sort()).toEqual([
      'completions/_kms',
      'completions/kms.bash',
      'completions/kms.fish',
    ]);
    expect(files.has('man/kms-iam-create-user.1')).toBe(true);
    expect(files.has('man/kms-sts-assume-role.1')).toBe(true);
    // 54 KMS operations + 9 keyring actions + configure + serve + encrypt-stream + decrypt-stream + 3 x509 commands + kms.1,
    // one page per operation of the other services (IAM, STS, CloudFormation), and one per
    // customization of theirs (cloudformation deploy, the five waiters)
    const words = new Set(SERVICES.flatMap((s) => (s.command === undefined ? [] : [s.command])));
    const others = SERVICES.filter((s) => s.command !== undefined).reduce((n, s) => n + Object.keys(s.model.operations).length, 0);
    const customizations = EXTENSION_COMMANDS.filter((e) => words.has(e.path[0]!)).length;
    expect(customizations).toBe(6);
    expect(files.has('man/kms-cloudformation-wait-stack-create-complete.1')).toBe(true);
    expect([...files.keys()].filter((f) => f.startsWith('man/'))).toHaveLength(71 + others + customizations);
  });

  it("lists every man page in package.json's man, so that npm install -g puts them where man finds them", () => {
    const pkg = JSON.parse(files.get('package.json')!) as { man: string[]; bin: unknown };
    const pages = [...files.keys()].filter((f) => f.startsWith('man/'));
    expect(pkg.man).toEqual(pages.map((p) => `./${p}`).sort());
    expect(Object.keys(pkg).indexOf('man')).toBe(Object.keys(pkg).indexOf('bin') + 1);
  });

  it('is deterministic', () => {
    expect(generatedFiles()).toEqual(files);
  });

  it('matches every committed file, with none missing', () => {
    const stale: string[] = [];
    for (const [rel, text] of files) {
      const path = join(root, rel);
      if (!existsSync(path)) stale.push(`missing ${rel}`);
      else if (readFileSync(path, 'utf8') !== text) stale.push(`differs ${rel}`);
    }
    expect(stale, FIX).toEqual([]);
  });

  it('has no extra files in the generated folders', () => {
    const extra: string[] = [];
    for (const dir of GENERATED_DIRS) {
      if (!existsSync(join(root, dir))) continue;
      for (const name of readdirSync(join(root, dir))) if (!files.has(`${dir}/${name}`)) extra.push(`${dir}/${name}`);
    }
    expect(extra, FIX).toEqual([]);
  });
});
