// The stream commands' own flag values: --frame-size and --encryption-context.

import { model } from '../../services/kms/model/index.js';
import * as S from '../../crypto/stream.js';
import type { Deps } from '../../deps.js';
import { usageError } from '../../errors.js';

export function frameSizeFlag(raw: unknown): number {
  if (raw === undefined) return S.DEFAULT_FRAME_SIZE;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || n < S.MIN_FRAME_SIZE || n > S.MAX_FRAME_SIZE) {
    throw usageError(`--frame-size must be a whole number of bytes from ${S.MIN_FRAME_SIZE} to ${S.MAX_FRAME_SIZE}, not ${String(raw)}`);
  }
  return n;
}

/** --encryption-context, read as the operations read it (shorthand, JSON, file://). */
export async function contextFlag(raw: unknown, deps: Deps): Promise<Record<string, string>> {
  if (raw === undefined) return {};
  const params = await import('../params/index.js');
  const pctx = { cwd: deps.cwd, env: deps.env, homedir: deps.homedir, binaryFormat: 'base64' as const, readStdin: async () => new Uint8Array() };
  return (await params.parseParam(model, 'EncryptionContextType', '--encryption-context', raw as string, pctx)) as Record<string, string>;
}
