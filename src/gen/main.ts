// `npm run gen`: writes man/ and completions/ from the services' tables; generatedFiles() is the
// same output in memory for the drift test. The only gen module that may touch fs or process.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { completionScripts } from './completions.js';
import { manPages } from './man.js';

/** The folders this generator owns; every file in them is generated. */
export const GENERATED_DIRS = ['man', 'completions'] as const;

/** The project root: two levels above this module (src/gen or dist/gen). */
export function projectRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** package.json's version, which man pages carry instead of a date. */
export function packageVersion(root = projectRoot()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Every generated file: path relative to the project root ('man/kms.1') → content. */
export function generatedFiles(version = packageVersion()): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, text] of manPages(version)) files.set(`man/${name}`, text);
  for (const [name, text] of completionScripts()) files.set(`completions/${name}`, text);
  return files;
}

/** Writes every generated file and removes stale ones from the generated folders. */
export function writeGenerated(root = projectRoot()): { written: number; removed: string[] } {
  const files = generatedFiles(packageVersion(root));
  const removed: string[] = [];
  for (const dir of GENERATED_DIRS) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const name of readdirSync(join(root, dir))) {
      const rel = `${dir}/${name}`;
      if (!files.has(rel)) {
        rmSync(join(root, rel), { recursive: true, force: true });
        removed.push(rel);
      }
    }
  }
  for (const [rel, text] of files) writeFileSync(join(root, rel), text);
  return { written: files.size, removed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { written, removed } = writeGenerated();
  process.stdout.write(`wrote ${written} files under ${GENERATED_DIRS.join('/ and ')}/${removed.length ? `; removed ${removed.join(', ')}` : ''}\n`);
}
