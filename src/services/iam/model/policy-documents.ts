// What the AWS CLI does to IAM's answers before it prints them (botocore handlers.py,
// json_decode_policies on after-call.iam): every string of the shape policyDocumentType is
// URL-decoded and parsed as JSON, so policy documents print as objects. Data-only module: the CLI
// reads it (the engine and kms serve answer with the URL-encoded text, as IAM does).
import { shapeOf } from '../../../api/model.js';
import type { ServiceModel, Shape } from '../../../api/types.js';

/** The shape name IAM gives every policy document (botocore: `policyDocumentType`). */
const POLICY_DOCUMENT = 'policyDocumentType';

/** `response` with each policy document decoded to a JSON value; one that does not decode stays as it is. */
export function decodePolicyDocuments(model: ServiceModel, operation: string, response: Record<string, unknown>): Record<string, unknown> {
  const output = model.operations[operation]?.output;
  return output === undefined ? response : (decode(model, shapeOf(model, output), response) as Record<string, unknown>);
}

function decode(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (shape.type === 'structure' && isRecord(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const [name, member] of Object.entries(shape.members)) {
      if (out[name] === undefined) continue;
      out[name] = member.shape === POLICY_DOCUMENT && typeof out[name] === 'string' ? decodeQuotedJson(out[name]) : decode(model, shapeOf(model, member.shape), out[name]);
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value)) return value.map((item) => decode(model, shapeOf(model, shape.member), item));
  return value;
}

/** botocore's decode_quoted_jsondoc: json.loads(unquote(value)), or the value when that fails. */
function decodeQuotedJson(value: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(value));
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
