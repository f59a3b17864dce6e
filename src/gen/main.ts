// `npm run gen`: writes man/, completions/, each service's request and response types
// (src/services/<id>/types.gen.ts) from the services' tables, and package.json's list of man
// pages; generatedFiles() is the same output in memory for the drift test. The only gen module
// that may touch fs or process.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '../services/index.js';
import { completionScripts } from './completions.js';
import { manPages } from './man.js';
import { typesModule, typesPath } from './types.js';

/** The folders this generator owns; every file in them is generated (the types files are single files). */
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

/**
 * package.json with `man` naming every page, after `bin`: npm links them into
 * <prefix>/share/man/man1 on `npm install -g`, where `man kms` finds them beside <prefix>/bin.
 * npm 11 does not read `directories.man` (tried), so the list is written out.
 */
export function withManPages(packageJson: string, pages: readonly string[]): string {
  const pkg = JSON.parse(packageJson) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pkg)) {
    if (k === 'man') continue;
    out[k] = v;
    if (k === 'bin') out.man = pages.map((p) => `./man/${p}`);
  }
  if (!('man' in out)) out.man = pages.map((p) => `./man/${p}`);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Every generated file: path relative to the project root ('man/kms.1') → content. */
export function generatedFiles(version = packageVersion(), root = projectRoot()): Map<string, string> {
  const files = new Map<string, string>();
  const pages = manPages(version);
  for (const [name, text] of pages) files.set(`man/${name}`, text);
  for (const [name, text] of completionScripts()) files.set(`completions/${name}`, text);
  for (const s of SERVICES) files.set(typesPath(s.model), typesModule(s.model));
  files.set('package.json', withManPages(readFileSync(join(root, 'package.json'), 'utf8'), [...pages.keys()].sort()));
  return files;
}

/** Writes every generated file and removes stale ones from the generated folders. */
export function writeGenerated(root = projectRoot()): { written: number; removed: string[] } {
  const files = generatedFiles(packageVersion(root), root);
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
  process.stdout.write(`wrote ${written} files under ${GENERATED_DIRS.join('/, ')}/, src/services/*/types.gen.ts and package.json's man list${removed.length ? `; removed ${removed.join(', ')}` : ''}\n`);
}
