// The CloudFormation service: its table (model/) and its operations (operations/, loaded on first
// use). Stacks of KMS resources: the template language (template/), the three resource providers
// (resources/) and the stack engine (stacks/), which makes resources through KMS's own operations.

import { authorizeCloudFormationRequest } from '../iam/authorize.js';
import type { Service } from '../../engine/service.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // who may: the caller's identity policies for cloudformation:<Operation>; the KMS calls a stack
  // makes are then authorized one by one, as the same caller
  beforeHandler: (ctx, operation, request) => authorizeCloudFormationRequest(ctx, operation, request),
};
