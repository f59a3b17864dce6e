// Whether the SoftHSM2 custom key store tests can run here: why not, or undefined when they can.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pkcs11ModulePath } from '../../src/services/kms/custom-key-stores/hsm-pkcs11.js';

export function softHsmMissing(): string | undefined {
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'softhsm2-util is not installed (apt-get install softhsm2)';
  }
  if (!pkcs11ModulePath()) return 'no SoftHSM2 PKCS#11 library found';
  try {
    createRequire(import.meta.url)('pkcs11js');
  } catch {
    return 'the pkcs11js package is not installed';
  }
  return undefined;
}
