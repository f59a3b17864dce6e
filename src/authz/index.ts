// The authorization layer's public API: parse policies, evaluate one, decide a request (KMS's rules
// or IAM's), and word the result. Pure and synchronous; may import only src/api and src/errors.

export type * from './types.js';
export { PolicySyntaxError, parsePolicy, type ElementList, type Policy, type Statement } from './policy.js';
export { evaluatePolicy, type PolicyEvaluation } from './evaluate.js';
export { decideIdentity, decideKms, type IdentityDecisionInput, type KmsDecisionInput } from './decide.js';
export { accessDeniedMessage } from './messages.js';
export { describeDecision } from './explain.js';
