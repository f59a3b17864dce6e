// The KMS service: its table (model/), its operations (operations/, loaded on first use), and the
// checks every KMS operation makes before its handler (grant tokens, then authorization).

import type { Service } from '../../engine/service.js';
import { authorizeKmsRequest } from './access/authorize.js';
import { checkRequestGrantTokens } from './grants/grants.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // GrantTokens: every token must name a live grant (InvalidGrantTokenException); then the caller
  // must be allowed (access/authorize.ts): both inside the transaction, before the handler
  beforeHandler: async (ctx, operation, request) => {
    await checkRequestGrantTokens(ctx, operation, request);
    await authorizeKmsRequest(ctx, operation, request);
  },
};
