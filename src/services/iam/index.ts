// The IAM service: its table (model/) and its operations (operations/, loaded on first use).
// Who may call them: authorize.ts, before every handler.

import { authorizeIamRequest } from './authorize.js';
import type { Service } from '../../engine/service.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // who may: the caller's identity policies (and a role's trust policy), before the handler
  beforeHandler: (ctx, operation, request) => authorizeIamRequest(ctx, operation, request),
};
