// `kms --version`: one line, as `aws --version` prints `aws-cli/2.x.y Python/3.x.y Linux/<release> …`.

import { readFileSync } from 'node:fs';
import { release, type } from 'node:os';

/** `kms/<version> Node.js/<version> <os>/<release>`; the version is package.json's (two levels above dist/cli and dist/bundle). */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `kms/${pkg.version ?? 'unknown'} Node.js/${process.versions.node} ${type()}/${release()}`;
}
