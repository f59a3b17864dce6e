// The output layer's public face for the CLI program: formatting, --query, colour, pagination.
// Re-exports only; the program must not reach into the modules behind it.

export { formatOutput, type FormatOptions, type OutputFormat } from './format.js';
export { useColor } from './color.js';
export { checkPagingArgs, paginate, pagedInfo, PAGED, type PageFn, type PaginateOptions, type PagedInfo } from './paginate.js';
export { compileQuery, type Query } from './query.js';
export { isoTimestamp, normalize, type Plain } from './values.js';
export { encodeToken, decodeToken } from './token.js';
