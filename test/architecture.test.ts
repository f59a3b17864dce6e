// The layers as a test: which folder of src/ may import which, that nothing but a service's
// loader imports an operation file, that no module imports itself back at run time, and that no
// promise in src/ is left unawaited (a store read or write that would escape its transaction).
// docs/architecture.md states the same rules in prose; change both together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

interface Import {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at run time */
  typeOnly: boolean;
  dynamic: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.c?ts$/.test(name) ? [p] : [];
  });
}

const FILES = sourceFiles(SRC).map((f) => relative(ROOT, f));

/** Every relative import of src/, from the TypeScript syntax tree (no regexes over source). */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean, dynamic: boolean) => {
    if (!spec.startsWith('.')) return;
    const to = relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replace(/\.c?js$/, (m) => (m === '.cjs' ? '.cts' : '.ts'));
    out.push({ from: file, to, typeOnly, dynamic });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const IMPORTS = FILES.flatMap(importsOf);

/** The layer a file belongs to: its folder under src/, or the file itself for top-level files. */
function layerOf(file: string): string {
  const rel = relative('src', file);
  const [head, second] = rel.split('/');
  if (!rel.includes('/')) return rel.replace(/\.c?ts$/, '');
  if (head === 'services') return second === 'index.ts' ? 'services/index' : `services/${second}`;
  return head!;
}

/**
 * Who may import whom (at run time or for types alike). Read as: a module of the layer on the
 * left may import modules of the layers on the right, and its own layer.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // neutral ground: imports nothing of kms's
  deps: [],
  errors: [],
  launch: [],
  // service tables' machinery and the wire protocol: pure, below everything
  api: ['errors'],
  protocol: ['api', 'errors'],
  crypto: ['errors', 'deps'],
  // the policy evaluator: pure, knows policies, requests and decisions, no service and no store
  authz: ['api', 'errors'],
  // the engine runs any service; it knows none by name and no storage backend
  engine: ['api', 'errors', 'deps'],
  // the barrier and its backends: the engine's store contract, never services or the CLI
  keyring: ['engine', 'errors', 'deps'],
  // each service: its table, handlers and domain; the engine's contract below it
  // KMS asks IAM who the caller is and which identity policies it carries
  'services/kms': ['api', 'engine', 'crypto', 'authz', 'services/iam', 'errors', 'deps'],
  // IAM keeps the principals, their access keys and their policies
  'services/iam': ['api', 'engine', 'authz', 'errors', 'deps'],
  // STS issues sessions of IAM's roles
  'services/sts': ['api', 'engine', 'authz', 'services/iam', 'errors', 'deps'],
  // CloudFormation makes its stacks' resources through KMS's operations, as the caller IAM names
  'services/cloudformation': ['api', 'engine', 'services/kms', 'services/iam', 'errors', 'deps'],
  // the trail records every service's calls: who (IAM), and KMS's own rules for its parameters
  'services/cloudtrail': ['api', 'engine', 'authz', 'services/kms', 'services/iam', 'errors', 'deps'],
  // Cost Explorer prices the trail's usage facts
  'services/ce': ['api', 'engine', 'services/cloudtrail', 'services/iam', 'errors', 'deps'],
  // the registry of services: their tables (and their handlers, lazily)
  'services/index': ['api', 'engine', 'services/kms', 'services/iam', 'services/sts', 'services/cloudformation', 'services/cloudtrail', 'services/ce'],
  // kms serve: protocol and routing; the store is handed to it, so no keyring and no CLI. It asks
  // IAM for the secret of an access key the keyring issued (services/iam/callers.ts).
  server: ['api', 'engine', 'protocol', 'services/index', 'services/iam', 'errors', 'deps'],
  // the command line sits on top: everything but the generators
  cli: ['api', 'engine', 'protocol', 'crypto', 'keyring', 'server', 'authz', 'services/index', 'services/kms', 'services/iam', 'services/sts', 'services/cloudformation', 'services/cloudtrail', 'errors', 'deps'],
  // man pages, completions and types are generated from what the CLI and the tables describe
  gen: ['api', 'cli', 'services/index', 'services/kms', 'services/iam', 'services/sts', 'services/cloudformation', 'services/cloudtrail', 'services/ce', 'errors', 'deps'],
};

/**
 * The one crossing the table does not allow: IAM's SimulatePrincipalPolicy answers `kms:` actions
 * as KMS decides them (key policy, grants), so it loads KMS's simulation lazily, at run time only.
 */
const ALLOWED_CROSSINGS: ReadonlySet<string> = new Set(['src/services/iam/operations/simulate-principal-policy.ts -> src/services/kms/access/simulate.ts (dynamic)']);

/**
 * Inside a service the CLI may read its table and record names, never its handlers or domain;
 * and CloudFormation's template parser, which `cloudformation deploy` runs on the template file
 * to list its parameters, as the aws CLI's yamlhelper does; the trail's writer, which the CLI
 * and kms serve hand the engine; and KMS's check of its key records' wrapped material, which
 * `kms keyring verify` runs over every record.
 */
const CLI_MAY_READ_OF_A_SERVICE = /^src\/services\/([a-z]+\/(model\/|records\.ts$|types\.gen\.ts$)|cloudformation\/template\/parse\.ts$|cloudtrail\/recorder\.ts$|kms\/verify\.ts$|kms\/seed\.ts$)/;

describe('layers', () => {
  it('knows every folder of src/', () => {
    const unknown = [...new Set(FILES.map(layerOf))].filter((l) => !(l in ALLOWED));
    expect(unknown).toEqual([]);
    expect(IMPORTS.length).toBeGreaterThan(500);
  });

  it('imports only in the allowed directions', () => {
    const crossings: string[] = [];
    for (const imp of IMPORTS) {
      const [from, to] = [layerOf(imp.from), layerOf(imp.to)];
      if (from === to) continue;
      if (!ALLOWED[from]!.includes(to)) {
        if (!ALLOWED_CROSSINGS.has(`${imp.from} -> ${imp.to}${imp.dynamic ? ' (dynamic)' : ''}`)) crossings.push(`${imp.from} -> ${imp.to}`);
      }
      else if ((from === 'cli' || from === 'gen') && to.startsWith('services/') && to !== 'services/index' && !CLI_MAY_READ_OF_A_SERVICE.test(imp.to)) {
        crossings.push(`${imp.from} -> ${imp.to} (a service's internals)`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('an operation file is imported by its service loader only', () => {
    const operation = /^src\/services\/[a-z]+\/operations\/(?!index\.ts$)[a-z-]+\.ts$/;
    const loader = /^src\/services\/[a-z]+\/operations\/index\.ts$/;
    const wrong = IMPORTS.filter((i) => operation.test(i.to) && !loader.test(i.from)).map((i) => `${i.from} -> ${i.to}`);
    expect(wrong).toEqual([]);
    // and the loader imports them lazily, one dynamic import each
    const eager = IMPORTS.filter((i) => loader.test(i.from) && operation.test(i.to) && !i.dynamic).map((i) => i.to);
    expect(eager).toEqual([]);
    // every KMS operation has its file (the other services' counts are their own tests')
    expect(IMPORTS.filter((i) => i.from === 'src/services/kms/operations/index.ts' && operation.test(i.to)).length).toBe(54);
  });

  it('has no import cycle at run time (type-only imports aside)', () => {
    const edges = new Map<string, string[]>();
    for (const i of IMPORTS) if (!i.typeOnly) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
    // Tarjan's strongly connected components
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of edges.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1) cycles.push(scc.sort());
      }
    };
    for (const f of FILES) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('the crossings issue 11 named stay fixed', () => {
    const imports = (from: RegExp, to: RegExp) => IMPORTS.some((i) => from.test(i.from) && to.test(i.to));
    expect(imports(/^src\/keyring\//, /^src\/cli\//)).toBe(false);
    expect(imports(/^src\/cli\/remote\.ts$/, /^src\/server\//)).toBe(false);
    expect(imports(/^src\/server\//, /^src\/cli\//)).toBe(false);
    expect(imports(/^src\/cli\//, /^src\/gen\//)).toBe(false);
    // the stream commands wrap data keys through the crypto families, not node:crypto's ciphers
    const stream = FILES.filter((f) => f.startsWith('src/cli/stream/')).map((f) => readFileSync(join(ROOT, f), 'utf8'));
    expect(stream.some((s) => /publicEncrypt|RSA_PKCS1_OAEP_PADDING|sm2Cipher/.test(s))).toBe(false);
  });
});

describe('promises', () => {
  it('no promise in src/ is left unawaited (a store call must not outlive its transaction)', () => {
    const cfg = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const program = ts.createProgram(cfg.fileNames, { ...cfg.options, noEmit: true });
    const checker = program.getTypeChecker();
    // a thenable: its awaited type differs from itself (Promise<T>, and unions holding one)
    const isPromise = (t: ts.Type): boolean => {
      if (t.isUnion()) return t.types.some(isPromise);
      if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
      return t.getSymbol()?.getName() === 'Promise' || checker.getAwaitedType(t) !== t;
    };
    const floating: string[] = [];
    for (const sf of program.getSourceFiles()) {
      if (!sf.fileName.startsWith(SRC)) continue;
      const visit = (node: ts.Node): void => {
        // an expression statement whose value is a promise: neither awaited, returned, stored,
        // void-ed, nor ended with .catch() (which handles its failure)
        const e = ts.isExpressionStatement(node) ? node.expression : undefined;
        const stored = e !== undefined && ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
        const caught = e !== undefined && ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'catch';
        if (e && !stored && !caught && !ts.isVoidExpression(e) && !ts.isAwaitExpression(e)) {
          if (isPromise(checker.getTypeAtLocation(e))) {
            const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
            floating.push(`${relative(ROOT, sf.fileName)}:${line + 1} ${node.getText().slice(0, 80)}`);
          }
        }
        // an async callback handed to forEach runs unawaited
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'forEach') {
          const fn = node.arguments[0];
          if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
            const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
            floating.push(`${relative(ROOT, sf.fileName)}:${line + 1} forEach(async …)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(floating).toEqual([]);
  }, 60_000);
});
