// The CloudTrail service: its table (model/), LookupEvents over the trail, and the trail's writer
// (recorder.ts), which the CLI and kms serve hand the engine so that every call is recorded.

import { authorizeIdentityRequest } from '../iam/authorize.js';
import type { Service } from '../../engine/service.js';
import { model } from './model/index.js';
import { OPERATION_LOADERS } from './operations/index.js';

export const service: Service = {
  model,
  operation: (name) => (Object.hasOwn(OPERATION_LOADERS, name) ? OPERATION_LOADERS[name]!() : undefined),
  implemented: () => Object.keys(OPERATION_LOADERS),
  // who may: the caller's identity policies for cloudtrail:LookupEvents
  beforeHandler: (ctx, operation) => authorizeIdentityRequest(ctx, `cloudtrail:${operation}`),
};
