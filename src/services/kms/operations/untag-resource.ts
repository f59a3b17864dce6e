// UntagResource: removes tags from a key by tag key. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import { removeTags } from '../keys/tags.js';
import type { UntagResourceRequest, KmsOperations } from '../types.gen.js';

export default async function untagResource(ctx: EngineContext, req: UntagResourceRequest): Promise<KmsOperations['UntagResource']['output']> {
  // UntagResource: key id or key ARN; not while the key is pending deletion
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  const tags = removeTags(key.Tags, req.TagKeys);
  checkKeyFor(key, 'UntagResource');
  key.Tags = tags;
  saveKey(ctx, key);
  return {};
}
