// Loads an ES-module-only package (conf) at run time. bin/kms runs the CLI as a CommonJS bundle
// inside vm.Script (src/launch.cts), where import() has no loader; the launcher lends its own.

type Importer = (specifier: string) => Promise<unknown>;

export function importEsm<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { __kmsImport?: Importer }).__kmsImport;
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
