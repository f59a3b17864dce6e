// main(argv, deps) → exit code: parses the command line, runs it, prints any error once.
// Never calls process.exit and never lets a stack trace reach the user.

import type { Deps } from './deps.js';
import { reportError } from './errors.js';
import { parseArgv } from './program.js';

/** `kms help` and `kms <command> help` (the AWS CLI's form) become Commander's --help. */
function rewriteHelp(argv: readonly string[]): string[] {
  const out = [...argv];
  const last = out.length - 1;
  if (last >= 0 && out[last] === 'help') out[last] = '--help';
  return out;
}

export async function main(argv: readonly string[], deps: Deps): Promise<number> {
  let operation: string | undefined;
  try {
    const inv = parseArgv(rewriteHelp(argv));
    switch (inv.kind) {
      case 'help':
        deps.stdout.write(inv.text);
        return 0;
      case 'operation': {
        operation = inv.op.name;
        const { runOperationCommand } = await import('./run-operation.js');
        return await runOperationCommand(inv, deps);
      }
      case 'keyring': {
        const { runKeyringCommand } = await import('./keyring-command.js');
        return await runKeyringCommand(inv, deps);
      }
      case 'configure': {
        const { runConfigureCommand } = await import('./configure-command.js');
        return await runConfigureCommand(inv, deps);
      }
    }
  } catch (err) {
    const reported = reportError(err, operation);
    deps.stderr.write(reported.text);
    if (deps.env.KMS_DEBUG_STACK === '1' && err instanceof Error && err.stack) deps.stderr.write(`${err.stack}\n`);
    return reported.exitCode;
  }
}
