// The CloudFormation template language, as kms runs it: parsing, the structural pre-flight,
// parameters, conditions and intrinsic functions, and the dependency graph. Pure: imports only
// ../../../errors.js and the `yaml` package (through its modules), never a store or a provider.
export { parseTemplate, MAX_TEMPLATE_BYTES } from './parse.js';
export type { Template, ParameterDecl, ResourceDecl, OutputDecl } from './parse.js';
export { checkTemplate } from './check.js';
export { resolveParameters, declaredParameters, noEchoParameters, PARAMETER_TYPES } from './parameters.js';
export type { ParameterInput } from './parameters.js';
export { evaluateConditions, resolveValue, NO_VALUE, PSEUDO_PARAMETERS } from './intrinsics.js';
export type { EvalScope } from './intrinsics.js';
export { dependencies, creationOrder, references } from './graph.js';
export type { Reference } from './graph.js';
