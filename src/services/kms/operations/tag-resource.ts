// TagResource: adds or replaces tags on a key. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import { checkTags, mergeTags } from '../keys/tags.js';
import type { TagResourceRequest, KmsOperations } from '../types.gen.js';

export default async function tagResource(ctx: EngineContext, req: TagResourceRequest): Promise<KmsOperations['TagResource']['output']> {
  const tags = checkTags(req.Tags);
  // TagResource: key id or key ARN; not while the key is pending deletion
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'TagResource');
  key.Tags = mergeTags(key.Tags, tags);
  saveKey(ctx, key);
  return {};
}
