// The loader of the Cost Explorer service's operations: one lazily imported module per operation.
// The only module that imports an operation file.

import type { OperationModule } from '../../../engine/service.js';

/** Operations kms implements; an operation of the table missing here answers UnsupportedOperationException. */
export const OPERATION_LOADERS: Readonly<Record<string, () => Promise<OperationModule>>> = {
  GetCostAndUsage: () => import('./get-cost-and-usage.js'),
};
