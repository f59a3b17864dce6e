// The KMS service: its table (model/), its operations (operations/, loaded on first use), and the
// check every KMS operation makes before its handler (grant tokens).

import type { Service } from '../../engine/service.js';
import { checkRequestGrantTokens } from './grants/grants.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // GrantTokens: every token must name a live grant (InvalidGrantTokenException), before the handler
  beforeHandler: (ctx, operation, request) => checkRequestGrantTokens(ctx, operation, request),
};
