// Helpers shared by the suites that run stacks and resource providers on the real engine.
import type { RunContext } from '../../../src/engine/context.js';
import { runOperation } from '../../../src/engine/index.js';
import { service as iam } from '../../../src/services/iam/index.js';
import type { TestEnv } from '../../engine/helpers.js';

/** A user of the env's account with these inline policies (JSON texts); returns a context that calls as the user. */
export async function iamUser(env: TestEnv, name: string, ...policies: string[]): Promise<RunContext> {
  await runOperation(env.ctx, iam, 'CreateUser', { UserName: name });
  for (const [i, p] of policies.entries()) await runOperation(env.ctx, iam, 'PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p });
  const key = (await runOperation(env.ctx, iam, 'CreateAccessKey', { UserName: name })).AccessKey as { AccessKeyId: string };
  return { ...env.ctx, caller: { accessKeyId: key.AccessKeyId } };
}
