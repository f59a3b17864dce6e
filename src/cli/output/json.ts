// The json output format: awscli's JSONFormatter (json.dump, indent 4, ensure_ascii off).
// Takes normalised data only (values.ts); must not import the engine or the CLI program.

import { isEmptyObject, type Plain } from './values.js';

/**
 * JSONFormatter._format_response: an empty dict prints nothing (operations with no output),
 * everything else, null included, is indented by 4 and ends with one newline.
 */
export function formatJson(data: Plain): string {
  if (isEmptyObject(data)) return '';
  // JSON.stringify escapes exactly what Python's json.dumps(ensure_ascii=False) does:
  // quote, backslash, \b \f \n \r \t and other controls below U+0020 as \u00XX.
  return `${JSON.stringify(data, null, 4)}\n`;
}
