// The loader of the STS service's operations: one lazily imported module per operation, named
// after it in kebab case. The only module that imports an operation file.

import type { OperationModule } from '../../../engine/service.js';

/** Operations kms implements; an operation of the table missing here answers UnsupportedOperationException. */
export const OPERATION_LOADERS: Readonly<Record<string, () => Promise<OperationModule>>> = {
  AssumeRole: () => import('./assume-role.js'),
  GetCallerIdentity: () => import('./get-caller-identity.js'),
};
