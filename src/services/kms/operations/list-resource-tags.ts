// ListResourceTags: a key's tags, paged with Limit/Marker. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { decodeMarker, page, pageMembers } from '../requests.js';
import { resolveKey } from '../keys/resolve.js';
import type { ListResourceTagsRequest, KmsOperations } from '../types.gen.js';

export default async function listResourceTags(ctx: EngineContext, req: ListResourceTagsRequest): Promise<KmsOperations['ListResourceTags']['output']> {
  // ListResourceTags: Limit is 1..50 (the model allows 1..1000, which validation checks; larger
  // values are cut to 50), default 50
  const limit = Math.min(req.Limit ?? 50, 50);
  const after = decodeMarker(req.Marker, /^.{1,128}$/s);
  // ListResourceTags: key id or key ARN; any key state
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  const sorted = [...key.Tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
  const p = page(sorted, (t) => t.TagKey, after, limit);
  return { Tags: p.items.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })), ...pageMembers(p) };
}
