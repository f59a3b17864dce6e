// The shorthand syntax help prints for structures, maps and lists of structures must be the
// AWS CLI's own (awscli.argprocess.ParamShorthandDocGen); skipped where awscli is missing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../../src/cli/help/describe.js';

const PROGRAM = `
import json
from awscli.argprocess import ParamShorthandDocGen
from awscli.clidriver import create_clidriver
kms = create_clidriver()._get_command_table()['kms']
gen = ParamShorthandDocGen()
out = {}
for name, cmd in kms._get_command_table().items():
    for arg_name, arg in cmd.arg_table.items():
        m = getattr(arg, 'argument_model', None)
        if m is not None and m.type_name in ('structure', 'map') or (m is not None and m.type_name == 'list' and m.member.type_name == 'structure'):
            out[name + ' --' + arg_name] = gen.generate_shorthand_example(arg, 'kms', cmd._operation_model.name)
print(json.dumps(out))
`;

const probe = spawnSync('python3', ['-c', 'import awscli'], { encoding: 'utf8' });
const hasAwscli = probe.status === 0;
if (!hasAwscli) console.warn('skipping shorthand comparison: python3 with the awscli package is not installed');

describe.skipIf(!hasAwscli)('shorthand syntax', () => {
  it('matches the AWS CLI for every structure, map and list-of-structure flag', () => {
    const r = spawnSync('python3', ['-c', PROGRAM], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const aws = JSON.parse(r.stdout) as Record<string, string | null>;
    const ours = new Map<string, string | undefined>();
    for (const c of allCommands().operations) for (const f of c.flags) ours.set(`${c.path[0]} ${f.flag}`, f.shorthand);
    const keys = Object.keys(aws);
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(ours.get(key), key).toBe((aws[key] ?? '').trim());
  });
});
