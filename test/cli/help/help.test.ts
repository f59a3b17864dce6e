// renderHelp: golden checks that the text carries every flag, enum value, limit and example
// from the operation table, stays plain (no ANSI) and fits 79 columns.
import { describe, expect, it } from 'vitest';
import { commandName, flagName } from '../../../src/api/model.js';
import { model, shape } from '../../../src/services/kms/model/index.js';
import type { StructureShape } from '../../../src/api/types.js';
import { renderHelp } from '../../../src/cli/help/render.js';
import { EXTENSION_COMMANDS, GLOBAL_OPTIONS, OPERATION_OPTIONS, PAGINATION_OPTIONS } from '../../../src/cli/options.js';

const ENV = ['KMS_PASSPHRASE', 'KMS_NEW_PASSPHRASE', 'KMS_SESSION', 'KMS_KEYRING', 'KMS_CONFIG_DIR', 'KMS_ACCOUNT_ID', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'XDG_RUNTIME_DIR', 'NO_COLOR'];

function expectPlain(text: string): void {
  expect(text).not.toMatch(/\x1b/);
  const long = text.split('\n').filter((l) => l.length > 79);
  expect(long, 'lines over 79 columns').toEqual([]);
}

/** Every word of a help text, so an enum value is found even when wrapped. */
function words(text: string): Set<string> {
  return new Set(text.split(/[\s,()[\]|]+/).filter(Boolean));
}

describe('renderHelp([])', () => {
  const text = renderHelp([])!;

  it('lists all 54 commands, the extension commands and the global options', () => {
    const ops = Object.values(model.operations);
    expect(ops).toHaveLength(54);
    const w = words(text);
    for (const op of ops) expect(w.has(commandName(op.name)), commandName(op.name)).toBe(true);
    // kms's own commands here; the aws CLI's customizations of a service under its word
    for (const ext of EXTENSION_COMMANDS) {
      if (ext.path[0] === 'cloudformation') expect(renderHelp(['cloudformation'])).toContain(ext.path.join(' '));
      else expect(text).toContain(ext.path.join(' '));
    }
    expect(renderHelp(['cloudformation', 'wait'])).toContain('cloudformation wait stack-delete-complete');
    for (const g of GLOBAL_OPTIONS) expect(w.has(g.flag), g.flag).toBe(true);
    for (const v of ['json', 'text', 'table', 'yaml', 'yaml-stream']) expect(w.has(v)).toBe(true);
  });

  it('documents exit codes and environment variables', () => {
    for (const code of ['0', '252', '253', '254', '255', '130']) expect(text).toMatch(new RegExp(`^  ${code} `, 'm'));
    for (const name of ENV) expect(text).toContain(name);
  });

  it('is plain text within 79 columns', () => expectPlain(text));
});

describe('renderHelp([command])', () => {
  it('encrypt: every flag, enum value, limit, the example and the output members', () => {
    const text = renderHelp(['encrypt'])!;
    const w = words(text);
    const input = shape('EncryptRequest') as StructureShape;
    for (const [member, spec] of Object.entries(input.members)) {
      expect(w.has(`--${flagName(member)}`), member).toBe(true);
      const target = shape(spec.shape);
      if (target.type === 'string' && target.enum) for (const v of target.enum) expect(w.has(v), v).toBe(true);
    }
    expect(text).toContain('--no-dry-run');
    for (const o of OPERATION_OPTIONS) expect(w.has(o.flag)).toBe(true);
    // Synopsis: required flags bare, optional ones bracketed.
    expect(text).toMatch(/^    --key-id <value>$/m);
    expect(text).toMatch(/^    --plaintext <value>$/m);
    expect(text).toMatch(/^    \[--encryption-context <value>\]$/m);
    expect(text).toMatch(/^    \[--grant-tokens <value> \[<value> \.\.\.\]\]$/m);
    expect(text).toMatch(/^    \[--dry-run \| --no-dry-run\]$/m);
    expect(text).toContain('--key-id <value> (string, required)');
    expect(text).toContain('--plaintext <value> (blob, required)');
    expect(text).toContain('Size 1 to 4096 bytes.');
    expect(text).toContain('Length 1 to 2048 characters.');
    expect(text).toContain('KeyName1=string,KeyName2=string');
    expect(text).toContain('fileb://');
    expect(text).toContain('kms encrypt --key-id alias/app');
    for (const out of ['CiphertextBlob (blob)', 'KeyId (string)', 'EncryptionAlgorithm (string)']) expect(text).toContain(out);
    expect(text).toContain('EXIT CODES');
    expectPlain(text);
  });

  it('shows shorthand for lists of structures and structures', () => {
    expect(renderHelp(['create-key'])).toContain('TagKey=string,TagValue=string ...');
    expect(renderHelp(['create-grant'])).toContain('EncryptionContextSubset={KeyName1=string,KeyName2=string}');
    expect(renderHelp(['decrypt'])).toContain('KeyEncryptionAlgorithm=string,AttestationDocument=blob');
  });

  it('shows the pagination options of paginated commands only', () => {
    for (const p of PAGINATION_OPTIONS) {
      expect(renderHelp(['list-keys'])).toContain(p.flag);
      expect(renderHelp(['encrypt'])).not.toContain(p.flag);
    }
  });

  it('renders every command, each with all its flags, plain and within 79 columns', () => {
    for (const op of Object.values(model.operations)) {
      const text = renderHelp([commandName(op.name)]);
      expect(text, op.name).toBeDefined();
      const w = words(text!);
      const input = shape(op.input) as StructureShape;
      for (const member of Object.keys(input.members)) expect(w.has(`--${flagName(member)}`), `${op.name} ${member}`).toBe(true);
      for (const ex of op.examples ?? []) expect(text).toContain(ex.description);
      expectPlain(text!);
    }
  });

  it('renders the extension commands and the keyring group', () => {
    for (const ext of EXTENSION_COMMANDS) {
      const text = renderHelp(ext.path)!;
      expect(text).toContain(`kms ${ext.path.join(' ')}`);
      for (const o of ext.options) expect(text).toContain(o.flag);
      expectPlain(text);
    }
    const group = renderHelp(['keyring'])!;
    for (const a of ['init', 'info', 'change-passphrase', 'unlock', 'lock']) expect(group).toContain(`keyring ${a}`);
  });

  it('returns undefined for a topic no command has', () => {
    expect(renderHelp(['no-such-command'])).toBeUndefined();
    expect(renderHelp(['keyring', 'nope'])).toBeUndefined();
    expect(renderHelp(['encrypt', 'extra'])).toBeUndefined();
  });
});
