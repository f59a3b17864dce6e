// AssumeRole: a session of a role, as temporary credentials (ASIA… key, secret, session token)
// that expire on the engine's clock after DurationSeconds (900..43200, 3600 by default, at most
// the role's MaxSessionDuration). The session is `arn:P:sts::A:assumed-role/ROLE/SESSION`.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { callerOf } from '../../iam/callers.js';
import { accessKeyId, secretAccessKey, sessionToken } from '../../iam/ids.js';
import { roleByArn } from '../../iam/principals.js';
import { sessionRecordName } from '../../iam/records.js';
import { assumedRoleArn, type SessionRecord } from '../../iam/sessions.js';
import type { AssumeRoleRequest, StsOperations } from '../types.gen.js';

/** AssumeRole: DurationSeconds defaults to one hour. */
const DEFAULT_DURATION = 3600;
/** A role session assuming a role (role chaining) lasts at most one hour. */
const CHAINED_MAX = 3600;

export default async function assumeRole(ctx: EngineContext, req: AssumeRoleRequest): Promise<StsOperations['AssumeRole']['output']> {
  const caller = await callerOf(ctx);
  const found = await roleByArn(ctx.store, req.RoleArn);
  // AWS does not say whether a role exists to a caller it would not let assume it
  if (!found) throw new KmsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${req.RoleArn}`);
  // Whether `caller` may assume the role (its trust policy, the caller's identity policies) was
  // decided before this handler ran (iam/authorize.ts)
  const { account, role } = found;
  const duration = req.DurationSeconds ?? DEFAULT_DURATION;
  if (duration > role.maxSessionDuration) throw new KmsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  if (caller.kind === 'assumed-role' && duration > CHAINED_MAX) {
    throw new KmsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const id = accessKeyId(ctx.random, 'ASIA');
  const session: SessionRecord = {
    account,
    roleName: role.name,
    rolePath: role.path,
    roleId: role.id,
    sessionName: req.RoleSessionName,
    secret: secretAccessKey(ctx.random),
    token: sessionToken(ctx.random),
    expires: ctx.clock.now().getTime() + duration * 1000,
  };
  ctx.store.put(sessionRecordName(id), session);
  return {
    Credentials: { AccessKeyId: id, SecretAccessKey: session.secret, SessionToken: session.token, Expiration: new Date(session.expires) },
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${req.RoleSessionName}`, Arn: assumedRoleArn(ctx.partition, account, role.name, req.RoleSessionName) },
    ...(req.SourceIdentity !== undefined ? { SourceIdentity: req.SourceIdentity } : {}),
  };
}
