// The Cost Explorer service: its table (model/), and GetCostAndUsage over the usage ledger the
// audit trail keeps (ledger.ts), priced by pricing/ (AWS's KMS prices as data).

import { authorizeIdentityRequest } from '../iam/authorize.js';
import type { Service } from '../../engine/service.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // who may: the caller's identity policies for ce:GetCostAndUsage
  beforeHandler: (ctx, operation) => authorizeIdentityRequest(ctx, `ce:${operation}`),
};
