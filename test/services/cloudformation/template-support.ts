// Builders shared by the template suites: an evaluation scope over fake resources and exports, and
// a helper that names the error code and text a call throws.
import { KmsError } from '../../../src/errors.js';
import type { EvalScope, Template } from '../../../src/services/cloudformation/template/index.js';

export const ACCOUNT = '111122223333';
export const KMS_TYPES: ReadonlySet<string> = new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::KMS::ReplicaKey']);

/** Resources by logical id: their Ref value and attributes. */
export type FakeResources = Record<string, { ref: string; atts?: Record<string, unknown> }>;

export function scope(opts: { parameters?: Record<string, string>; resources?: FakeResources; exports?: Record<string, string>; template?: Template; region?: string; partition?: string; urlSuffix?: string } = {}): EvalScope {
  const resources = opts.resources ?? {};
  const region = opts.region ?? 'ap-southeast-2';
  return {
    account: ACCOUNT,
    region,
    partition: opts.partition ?? 'aws',
    urlSuffix: opts.urlSuffix ?? 'amazonaws.com',
    stackName: 'MyKMSKeyStack',
    stackId: `arn:${opts.partition ?? 'aws'}:cloudformation:${region}:${ACCOUNT}:stack/MyKMSKeyStack/51af3dc0-da77-11e4-872e-1234567db123`,
    parameters: opts.parameters ?? {},
    resourceRef: (id) => {
      const r = resources[id];
      if (!r) throw new KmsError('ValidationError', `no resource ${id}`);
      return r.ref;
    },
    resourceAtt: (id, att) => {
      const v = resources[id]?.atts?.[att];
      if (v === undefined) throw new KmsError('ValidationError', `Requested attribute ${att} does not exist in schema for ${id}`);
      return v;
    },
    importValue: (name) => {
      const v = opts.exports?.[name];
      if (v === undefined) throw new KmsError('ValidationError', `No export named ${name} found.`);
      return v;
    },
    ...(opts.template ? { template: opts.template } : {}),
  };
}

/** The code and message `f` throws, for one-line expectations. */
export function thrown(f: () => unknown): { code: string; message: string } | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof KmsError) return { code: e.code, message: e.message };
    throw e;
  }
  return undefined;
}

/** A ValidationError with exactly this text. */
export const validation = (message: string) => ({ code: 'ValidationError', message });
