// Helpers the crypto family tests share: a spec's entry and the KmsError a call throws
// (reproducible bytes: seededRandom in test/support/random.ts).
import type { KeySpecInfo } from '../../src/crypto/registry.js';
import { KmsError } from '../../src/errors.js';

/** The entry for `spec` in a family's spec list (the test fails when it is missing). */
export function specOf(specs: readonly KeySpecInfo[], spec: string): KeySpecInfo {
  const found = specs.find((s) => s.spec === spec);
  if (!found) throw new Error(`no ${spec}`);
  return found;
}

/** The KmsError `fn` throws; anything else it throws passes through, and not throwing fails. */
export function kmsErrorOf(fn: () => unknown): KmsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KmsError) return e;
    throw e;
  }
  throw new Error('expected a KmsError');
}
