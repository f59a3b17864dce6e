// Decides whether output is coloured: --color on|off|auto, NO_COLOR, and whether stdout is a
// terminal. Pure function of its inputs; must not read process.env or the TTY itself.

import { usageError } from '../../errors.js';

/**
 * AWS CLI v2 --color: `on` always, `off` never, `auto` (the default) when stdout is a terminal.
 * In v2 only the table format uses colour. kms also honours NO_COLOR (no-color.org: present and
 * not empty) in `auto`; an explicit `--color on` wins over it.
 */
export function useColor(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTTY: boolean,
): boolean {
  const mode = flag ?? 'auto';
  switch (mode) {
    case 'on':
      return true;
    case 'off':
      return false;
    case 'auto': {
      const noColor = env['NO_COLOR'];
      return stdoutIsTTY && (noColor === undefined || noColor === '');
    }
    default:
      // Python argparse's choices error (the program's own parser normally catches it first).
      throw usageError(`argument --color: invalid choice: '${mode}' (choose from 'on', 'off', 'auto')`);
  }
}
