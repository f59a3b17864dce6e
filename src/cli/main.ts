// main(argv, deps) → exit code: parses the command line, runs it, prints any error once.
// Never calls process.exit and never lets a stack trace reach the user.

import type { Deps } from '../deps.js';
import { SERVICES, type ServiceEntry } from '../services/index.js';
import { ArgumentError, reportError } from './errors.js';
import { commandWords, parseArgv, type Invocation } from './program.js';

/**
 * The topic of a help request — `kms help`, `kms <command> help` (the AWS CLI's form), or
 * --help/-h anywhere — as the command words before it; undefined when argv asks no help.
 */
export function helpTopic(argv: readonly string[]): string[] | undefined {
  const words = commandWords(argv);
  if (words[words.length - 1] === 'help') return words.slice(0, -1);
  if (argv.includes('--help') || argv.includes('-h')) return words;
  return undefined;
}

/** --color on|off|auto applied to stderr (a terminal, no NO_COLOR), read from raw argv. */
function stderrColor(argv: readonly string[], deps: Deps): boolean {
  const i = argv.lastIndexOf('--color');
  const flag = i >= 0 ? argv[i + 1] : undefined;
  if (flag === 'on') return true;
  if (flag === 'off') return false;
  const noColor = deps.env.NO_COLOR;
  return deps.stderrIsTTY && (noColor === undefined || noColor === '');
}

/** Colours kms's own `error:` and `hint:` prefixes (chalk); AWS CLI texts stay as the CLI prints them. */
async function colorizeErrorText(text: string): Promise<string> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return text.replace(/^error:/gm, chalk.red.bold('error:')).replace(/^hint:/gm, chalk.yellow('hint:'));
}

/**
 * Runs one command line; `services` are the services whose operations are commands (all of them
 * unless a test says). `parsed` is `parseArgv(argv, services)` when the caller has it already
 * (the kms agent, src/cli/agent/run.ts).
 */
export async function main(argv: readonly string[], deps: Deps, services: readonly ServiceEntry[] = SERVICES, parsed?: Invocation): Promise<number> {
  let operation: string | undefined;
  try {
    // aws --version: the version line wherever the flag is, and nothing else runs
    if (argv.includes('--version')) {
      const { versionLine } = await import('./version.js');
      deps.stdout.write(`${versionLine()}\n`);
      return 0;
    }
    const topic = helpTopic(argv);
    if (topic !== undefined) {
      const { renderHelp } = await import('./help/render.js');
      const text = renderHelp(topic, services);
      if (text === undefined) throw new ArgumentError(`argument command: Found invalid choice '${topic.join(' ')}'`);
      deps.stdout.write(text);
      return 0;
    }
    if (commandWords(argv).length === 0) throw new ArgumentError('the following arguments are required: command');
    const inv = parsed ?? parseArgv(argv, services);
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
      case 'stream': {
        const { runStreamCommand } = await import('./stream/command.js');
        return await runStreamCommand(inv, deps, (name) => (operation = name));
      }
      case 'custom': {
        const { runCustomization } = await import('./customizations/cloudformation.js');
        return await runCustomization(inv, deps, (name) => (operation = name));
      }
      case 'serve': {
        const { runServeCommand } = await import('./serve-command.js');
        return await runServeCommand(inv, deps);
      }
      case 'x509': {
        const { runX509Command } = await import('./x509-command.js');
        return await runX509Command(inv, deps, (name) => (operation = name));
      }
    }
  } catch (err) {
    const reported = reportError(err, operation);
    deps.stderr.write(stderrColor(argv, deps) ? await colorizeErrorText(reported.text) : reported.text);
    if (deps.env.KMS_DEBUG_STACK === '1' && err instanceof Error && err.stack) deps.stderr.write(`${err.stack}\n`);
    return reported.exitCode;
  }
}
