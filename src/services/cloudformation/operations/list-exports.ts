// ListExports: the outputs stacks export in this account and region.

import type { EngineContext } from '../../../engine/context.js';
import type { ExportRecord } from '../stacks/deploy.js';
import { page } from '../stacks/list.js';
import { exportPrefix } from '../records.js';
import type { CloudformationOperations, ListExportsInput } from '../types.gen.js';

type Output = CloudformationOperations['ListExports']['output'];

export default async function listExports(ctx: EngineContext, req: ListExportsInput): Promise<Output> {
  const exports = (await ctx.store.list<ExportRecord>(exportPrefix(ctx.account, ctx.region))).map((r) => r.value);
  const { items, nextToken } = page(exports, req.NextToken, 100);
  return { Exports: items.map((e) => ({ ExportingStackId: e.stackId, Name: e.name, Value: e.value })), ...(nextToken ? { NextToken: nextToken } : {}) };
}
