// The request and response types `npm run gen` writes from a service's table: what each shape
// becomes, and that a handler returning a member its response does not have fails to compile
// (the runtime half, conformOutput refusing it, is in test/api/conform.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { typesModule, typesPath } from '../../src/gen/types.js';
import { model } from '../../src/services/kms/model/index.js';
import { toyModel } from '../support/toy-service.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('generated request and response types', () => {
  const toy = typesModule(toyModel);

  it('makes an interface per structure, required members required, primitives inline', () => {
    // member docs come from the table (the member's, else its shape's)
    expect(toy).toContain('export interface PutNoteRequest {\n  /** The name of a note. */\n  Name: string;\n  /** What the note says. */\n  Body: Uint8Array;\n}');
    expect(toy).toContain('export interface PutNoteResponse {\n  /** The name of a note. */\n  Name?: string;\n  CreatedAt?: Date;\n}');
    expect(toy).toContain('  Names?: string[];\n  NextMarker?: string;\n  Truncated?: boolean;');
    expect(toy).toContain('  Limit?: number;');
    // exception shapes are errors, not data
    expect(toy).not.toContain('NoteExistsException');
  });

  it('maps each operation to its input and output, and types its handler', () => {
    expect(toy).toContain('export interface ToyOperations {\n  ListNotes: { input: ListNotesRequest; output: ListNotesResponse };\n  PutNote: { input: PutNoteRequest; output: PutNoteResponse };\n}');
    expect(toy).toMatch(/export type ToyHandler<Op extends keyof ToyOperations, P = undefined> = Handler<ToyOperations\[Op\]\['input'\], ToyOperations\[Op\]\['output'\], P>;/);
  });

  it('makes enums unions of their values and maps Record<string, V>', () => {
    const kms = typesModule(model);
    // one value a line when the union is longer than 100 characters
    expect(kms).toContain("export type KeyUsageType =\n  | 'SIGN_VERIFY'\n  | 'ENCRYPT_DECRYPT'\n  | 'GENERATE_VERIFY_MAC'\n  | 'KEY_AGREEMENT';");
    expect(kms).toContain("export type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU';");
    expect(kms).toMatch(/ {2}EncryptionContext\?: Record<string, string>;/);
    expect(kms).toMatch(/export interface EncryptRequest \{[^}]*\n {2}KeyId: string;[^}]*\n {2}Plaintext: Uint8Array;/);
    expect(typesPath(model)).toBe('src/services/kms/types.gen.ts');
  });

  it('a handler that returns a misspelt or unknown member does not compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-types-'));
    try {
      const types = join(ROOT, 'src/services/kms/types.gen.js');
      const file = join(dir, 'handler.ts');
      writeFileSync(
        file,
        `import type { EngineContext } from '${join(ROOT, 'src/engine/context.js')}';\n` +
          `import type { EncryptRequest, KmsOperations } from '${types}';\n` +
          `export function good(_c: EngineContext, r: EncryptRequest): KmsOperations['Encrypt']['output'] {\n` +
          `  return { KeyId: r.KeyId, CiphertextBlob: r.Plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };\n}\n` +
          `export function bad(_c: EngineContext, r: EncryptRequest): KmsOperations['Encrypt']['output'] {\n` +
          `  return { KeyId: r.KeyId, CipherTextBlob: r.Plaintext };\n}\n` +
          `export function badEnum(_c: EngineContext, r: EncryptRequest): KmsOperations['Encrypt']['output'] {\n` +
          `  return { KeyId: r.KeyId, EncryptionAlgorithm: 'AES_GCM' };\n}\n`,
      );
      const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file?.fileName === file)
        .map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/^7: .*'CipherTextBlob' does not exist in type 'EncryptResponse'/);
      expect(errors[1]).toMatch(/^10: Type '"AES_GCM"' is not assignable to type 'EncryptionAlgorithmSpec/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
