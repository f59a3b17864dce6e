// Checks any service's table must pass, shared by the table tests (each returns what is wrong,
// for `expect(…).toEqual([])`): every shape it names exists and is of the kind its place needs,
// it holds only shapes its operations reach, and every pattern compiles as src/api/validate.ts
// compiles it.
import type { ServiceModel, Shape } from '../../src/api/types.js';
import { javaPattern } from '../../src/api/validate.js';

/** The shapes a shape names directly. */
export function refsOf(s: Shape): string[] {
  if (s.type === 'structure') return Object.values(s.members).map((m) => m.shape);
  if (s.type === 'list') return [s.member];
  if (s.type === 'map') return [s.key, s.value];
  return [];
}

/** References to missing shapes, inputs and outputs that are not structures, errors that are not exceptions. */
export function unresolvedReferences(model: ServiceModel): string[] {
  const problems: string[] = [];
  const has = (ref: string): boolean => Object.hasOwn(model.shapes, ref);
  for (const [name, s] of Object.entries(model.shapes)) for (const ref of refsOf(s)) if (!has(ref)) problems.push(`${name} -> ${ref}`);
  for (const op of Object.values(model.operations)) {
    for (const ref of [op.input, ...(op.output ? [op.output] : [])]) {
      if (!has(ref)) problems.push(`${op.name} -> ${ref}`);
      else if (model.shapes[ref]!.type !== 'structure') problems.push(`${op.name} -> ${ref} is not a structure`);
    }
    for (const err of op.errors) {
      const s = model.shapes[err];
      if (!s) problems.push(`${op.name} errors -> ${err}`);
      else if (s.type !== 'structure' || !s.exception) problems.push(`${op.name} errors -> ${err} is not an exception`);
    }
  }
  return problems;
}

/** Shapes no operation reaches through its input, output or errors. */
export function unreachedShapes(model: ServiceModel): string[] {
  const reached = new Set<string>();
  const visit = (ref: string): void => {
    if (reached.has(ref) || !Object.hasOwn(model.shapes, ref)) return;
    reached.add(ref);
    for (const r of refsOf(model.shapes[ref]!)) visit(r);
  };
  for (const op of Object.values(model.operations)) for (const ref of [op.input, op.output, ...op.errors]) if (ref) visit(ref);
  return Object.keys(model.shapes).filter((n) => !reached.has(n));
}

/** Patterns validate.ts could not compile, with why. */
export function uncompilablePatterns(model: ServiceModel): string[] {
  const broken: string[] = [];
  for (const [name, s] of Object.entries(model.shapes)) {
    if (s.type !== 'string' || s.pattern === undefined) continue;
    try {
      javaPattern(s.pattern);
    } catch (err) {
      broken.push(`${name}: ${(err as Error).message}`);
    }
  }
  return broken;
}
