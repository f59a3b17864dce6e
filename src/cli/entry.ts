// The process entry bin/kms runs: builds the real Deps, runs main, sets the exit code.
// The only place that ends the process (Ctrl-C → 130, as the AWS CLI).

import { main } from './main.js';
import { nodeDeps } from './node-deps.js';

process.on('SIGINT', () => {
  // a command that stops on Ctrl-C by itself listens too (kms serve drains its requests)
  if (process.listenerCount('SIGINT') > 1) return;
  process.stderr.write('\n');
  process.exit(130);
});
// A closed stdout (`kms list-keys | head -1`) ends quietly, as a pipe reader expects.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

// No top-level await: the same file is bundled as CommonJS for bin/kms (src/launch.cts).
if (process.env.KMS_AGENT_PROCESS === '1') {
  // the session's agent, started by `kms keyring unlock` (src/cli/agent/start.ts)
  void import('./agent/run.js')
    .then(({ runAgent }) => runAgent())
    .catch((err: unknown) => {
      process.stderr.write(`kms agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
} else {
  void main(process.argv.slice(2), nodeDeps()).then((code) => {
    process.exitCode = code;
  });
}
