// Fuzzing --cli-input-json and --cli-input-yaml (src/cli/params/cli-input.ts): any document is a
// request that client validation judges, or the CLI's usage error; a top-level key that is not a
// member is always reported, whatever its name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateClientSide } from '../../src/cli/params/client-validate.js';
import { mergeCliInput, readCliInput } from '../../src/cli/params/cli-input.js';
import { generateSkeleton } from '../../src/cli/params/skeleton.js';
import { EXIT, LocalError } from '../../src/errors.js';
import { model as kms } from '../../src/services/kms/model/index.js';
import { tempContext } from '../cli/params/fixtures.js';
import { deepJsonText, depthOf, errorOf, expectCleanObjectPrototype, expectNoPrototypeChange, fuzz, hostileString, mutatedJson, mutatedText, nestedText, outcome, outcomeAsync } from './support.js';

const OPS = ['Encrypt', 'Decrypt', 'CreateGrant', 'CreateKey', 'ReEncrypt', 'GenerateDataKeyPair', 'ListKeys', 'PutKeyPolicy', 'ImportKeyMaterial'];
const skeleton = (op: string) => JSON.parse(generateSkeleton(kms, op, 'input')) as Record<string, unknown>;
const yamlTokens = fc.oneof(
  hostileString,
  fc.constantFrom('!!binary ', '!!binary "%%"', '!!timestamp x', '!Ref ', '&a ', '*a', '<<: *a', '---\n', '...\n', '- ', ': ', '? ', '%YAML 1.1\n', '\t', '|\n', '>-\n', '#', '"', "'", '{', '[', '~', 'null', '0x1F', '1e400', '.inf', '__proto__: {a: 1}\n'),
);

const CTX = tempContext();

/** Reads one document the way the CLI does, merged under `flags`; the request, or a project error. */
async function load(json: string | undefined, yaml: string | undefined, op: string, flags: Record<string, unknown> = {}) {
  return outcomeAsync(async () => {
    const doc = await readCliInput(json, yaml, CTX);
    return { doc, merged: mergeCliInput(kms, op, doc, flags) };
  });
}

describe('--cli-input-json', () => {
  it('edited skeletons, junk and deep nesting: a request client validation judges, or a usage error', async () => {
    const input = fc.nat({ max: OPS.length - 1 }).chain((i) =>
      fc.tuple(
        fc.constant(OPS[i]!),
        fc.oneof(
          { weight: 4, arbitrary: mutatedJson(skeleton(OPS[i]!)).map((v) => JSON.stringify(v) ?? 'null') },
          { weight: 3, arbitrary: mutatedText(generateSkeleton(kms, OPS[i]!, 'input')) },
          { weight: 1, arbitrary: hostileString },
          { weight: 1, arbitrary: deepJsonText },
        ),
      ),
    );
    await fuzz('cli-input-json', 600, input, async ([op, text]) => {
      const r = await load(text, undefined, op);
      expectCleanObjectPrototype();
      if (!r.ok) return expect([EXIT.usage, EXIT.other]).toContain((r.error as LocalError).exitCode);
      const { doc, merged } = r.value;
      expectNoPrototypeChange(merged);
      const v = outcome(() => validateClientSide(kms, op, merged));
      if (!v.ok) return expect((v.error as LocalError).exitCode).toBe(EXIT.usage);
      // what validated names only members of the operation's input: nothing was dropped on the way
      const members = Object.keys((kms.shapes[kms.operations[op]!.input] as { members: object }).members);
      for (const k of Object.keys(doc!.values)) expect(members).toContain(k);
    });
  });

  it('a top-level "__proto__" key is reported as an unknown parameter, as any other name is (regression)', async () => {
    for (const text of ['{"__proto__": {"KeyId": "k"}, "Plaintext": "aGk="}', '{"KeyId": "k", "Plaintext": "aGk=", "__proto__": {"KeyId": "k"}}']) {
      const r = await load(text, undefined, 'Encrypt');
      expect(r.ok).toBe(true);
      const merged = (r as { value: { merged: Record<string, unknown> } }).value.merged;
      expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      const v = outcome(() => validateClientSide(kms, 'Encrypt', merged));
      expect(errorOf(v).message).toMatch(/^Parameter validation failed:\n(.*\n)*Unknown parameter in input: "__proto__", must be one of: /);
    }
  });
});

describe('--cli-input-yaml', () => {
  it('edited skeletons, junk, anchors and tags: a request client validation judges, or a usage error', async () => {
    const input = fc.nat({ max: OPS.length - 1 }).chain((i) =>
      fc.tuple(
        fc.constant(OPS[i]!),
        fc.oneof(
          { weight: 4, arbitrary: mutatedText(generateSkeleton(kms, OPS[i]!, 'yaml-input'), yamlTokens) },
          // yaml's own stringify recurses: past a few hundred levels the generator, not kms, would overflow
          { weight: 3, arbitrary: mutatedJson(skeleton(OPS[i]!)).filter((v) => depthOf(v) < 200).map((v) => stringify(v, { aliasDuplicateObjects: false }) as string) },
          { weight: 1, arbitrary: fc.array(yamlTokens, { maxLength: 12 }).map((t) => t.join('')) },
          { weight: 1, arbitrary: fc.integer({ min: 200, max: 2_000 }).map((n) => `KeyId: ${nestedText('[', 'x', ']', n)}`) },
        ),
      ),
    );
    await fuzz('cli-input-yaml', 150, input, async ([op, text]) => {
      const r = await load(undefined, text, op);
      expectCleanObjectPrototype();
      if (!r.ok) return expect([EXIT.usage, EXIT.other]).toContain((r.error as LocalError).exitCode);
      expectNoPrototypeChange(r.value.merged);
      const v = outcome(() => validateClientSide(kms, op, r.value.merged));
      if (!v.ok) expect((v.error as LocalError).exitCode).toBe(EXIT.usage);
    });
  });

  it('256 levels load; deeper is the usage error before yaml recurses (regression: 5,000+ could abort the process)', async () => {
    const ok = await load(undefined, `KeyId: ${nestedText('[', 'x', ']', 255)}`, 'Encrypt');
    expect(ok.ok).toBe(true);
    for (const doc of [`KeyId: ${nestedText('[', 'x', ']', 256)}`, `KeyId: ${nestedText('[', 'x', ']', 25_000)}`, `KeyId:\n  ${'- '.repeat(20_000)}x`]) {
      const r = await load(undefined, doc, 'Encrypt');
      expect(r.ok).toBe(false);
      expect(errorOf(r).message).toBe("Error parsing parameter 'cli-input-yaml': Invalid YAML received.");
    }
  });

  it('an unknown tag prints no warning of the yaml package on stderr (regression)', async () => {
    const warnings: unknown[] = [];
    const listener = (w: unknown) => warnings.push(w);
    process.on('warning', listener);
    try {
      const r = await load(undefined, 'KeyId: !Ref x\nPlaintext: aGk=\n', 'Encrypt');
      expect(r.ok && r.value.merged.KeyId).toBe('x');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  it('an alias bomb is refused, not expanded', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const started = performance.now();
    const r = await load(undefined, bomb, 'Encrypt');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.ok).toBe(false);
    expect(errorOf(r).message).toBe("Error parsing parameter 'cli-input-yaml': Invalid YAML received.");
  });

  it('flags always win over the document, whatever it holds', async () => {
    const input = mutatedJson(skeleton('Encrypt')).map((v) => JSON.stringify(v) ?? 'null');
    await fuzz('cli-input-json: flags win', 200, input, async (text) => {
      const r = await load(text, undefined, 'Encrypt', { KeyId: 'from-flag' });
      if (r.ok) expect(r.value.merged.KeyId).toBe('from-flag');
    });
  });
});

