// The kms agent: a process `kms keyring unlock` starts that holds the session's keyring open and
// runs the commands kms-client (native/kms_client.c) hands it, in this process, on the client's
// own stdin, stdout and stderr. A call then costs no Node start and no keyring open. Threat
// model and lifetime: docs/agent.md.
//
// Serves one command at a time, in arrival order: the CLI was written for a process per command.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, createReadStream, existsSync, lstatSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { Writable, type Readable } from 'node:stream';
import { isatty } from 'node:tty';
import type { Deps } from '../../deps.js';
import { configError } from '../../errors.js';
import { isDatabaseUrl, resolveKeyringPath, openKeyring } from '../../keyring/index.js';
import { MAX_SESSION_MS, sessionFileOf } from '../../keyring/session.js';
import { SERVICES } from '../../services/index.js';
import { lazyOverriddenClock } from '../clock.js';
import { holdKeyring } from '../local-engine.js';
import { main } from '../main.js';
import type { Invocation } from '../program.js';
import { readSettings } from '../settings.js';
import { agentHelper, type AgentRequestFrame } from './native.js';
import { agentRuns, parseRequest, type ClientRequest } from './request.js';

/** What `kms keyring unlock` hands the agent on its stdin (src/cli/agent/start.ts). */
export interface AgentSetup {
  session: string;
  keyring: string;
  /** The PG* variables of the unlocking shell, for a team keyring's connection (start.ts). */
  pgEnv?: Record<string, string>;
}

/** How long a connected client may take to send its request (it sends it at once). */
const REQUEST_TIMEOUT_MS = 1000;
/** How long the agent waits for the caller's 'G' after its 'A' (a caller still there answers at once). */
const GO_TIMEOUT_MS = 1000;
/** How often the agent checks that its session and keyring file are still there. */
const CHECK_MS = 1000;

const noPrompt = () => Promise.reject(configError('the kms agent cannot ask for a passphrase'));

/** The agent's main: never returns while it serves; exits 0 when its session ends. */
export async function runAgent(): Promise<void> {
  const native = agentHelper();
  if (native === null) throw new Error('native/agent.c is not built');
  const setup = JSON.parse(readFileSync(0, 'utf8')) as AgentSetup;
  const env = { ...process.env, ...setup.pgEnv, KMS_SESSION: setup.session };
  const clock = { now: () => new Date() };
  const random = (n: number) => new Uint8Array(randomBytes(n));
  const file = sessionFileOf({ env }, setup.session);
  if (file === undefined) throw new Error('the session has ended');
  const store = await openKeyring({ env, clock, random, promptSecret: noPrompt }, { path: setup.keyring, write: false });
  if (store.readOnly) throw new Error('the keyring is gone');
  holdKeyring(setup.keyring, store);
  // a keyring file replaced (restored from a backup, re-made) ends the agent; a database has no inode
  const opened = isDatabaseUrl(setup.keyring) ? undefined : statSync(setup.keyring);
  const sessionToken = Buffer.from(setup.session);

  // a session lasts 24 h at most; its expiry is on the clock of the unlock, which KMS_NOW may move
  const deadline = Math.min(file.expires, Date.now() + MAX_SESSION_MS);
  let ending = false;
  const alive = (): boolean => {
    if (ending) return false;
    if (Date.now() >= deadline || !existsSync(file.path)) return false;
    if (opened === undefined) return true;
    try {
      const st = statSync(setup.keyring);
      return st.ino === opened.ino && st.dev === opened.dev;
    } catch {
      return false;
    }
  };
  const end = () => {
    if (ending) return;
    ending = true;
    server.close();
    rmSync(file.socket, { force: true });
    store.close();
    process.exit(0);
  };

  let queue = Promise.resolve();
  /** A stream command is running: it may take minutes, so other calls go to processes of their own. */
  let streaming = false;
  const server = createServer({ pauseOnConnect: true }, (socket: Socket) => {
    // a caller that stopped waiting has closed its end: writing to it fails (EPIPE), and must not end the agent
    socket.on('error', () => socket.destroy());
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    const frame = typeof fd === 'number' && fd >= 0 ? native.recvRequest(fd, REQUEST_TIMEOUT_MS) : -1;
    if (typeof frame === 'number') return void socket.destroy();
    closeFds(frame.fds); // a request carries none (they come with 'G')
    if (frame.uid !== process.getuid?.()) return void socket.destroy();
    if (streaming) return void socket.end('D');
    queue = queue.then(() => serve(socket, frame, fd!)).catch(() => void socket.destroy());
  });

  const serve = async (socket: Socket, frame: AgentRequestFrame, fd: number): Promise<void> => {
    let fds: number[] = [];
    try {
      let req: ClientRequest;
      try {
        req = parseRequest(frame.data);
      } catch {
        return void socket.destroy();
      }
      const given = Buffer.from(req.session);
      const same = given.length === sessionToken.length && timingSafeEqual(given, sessionToken);
      const home = req.env.HOME || homedir();
      const keyringOf = () => resolveKeyringPath(req.env, readSettings(req.env, home).keyring, home);
      // the clock a process of the caller's own would have: KMS_NOW / KMS_CLOCK_OFFSET and the settings
      const clock = lazyOverriddenClock({ now: () => new Date() }, req.env, () => readSettings(req.env, home));
      // the session's expiry on that clock, as openSession checks it
      const current = () => clock.now().getTime() < file.expires;
      const decision = same && alive() && current() ? agentRuns(req.argv, SERVICES, keyringOf, setup.keyring) : { runs: false as const };
      if (!decision.runs) {
        // 'D': the client runs the command as a process of its own, which says what is wrong
        socket.end('D');
        if (same && !alive()) end();
        return;
      }
      // 'A', then the caller's 'G' with its descriptors: only the caller decides, so a caller that
      // stopped waiting (and runs the command itself) never has it run here too
      socket.write('A');
      const go = native.recvGo(fd, GO_TIMEOUT_MS);
      if (typeof go === 'number') return void socket.destroy();
      fds = go.fds;
      const caller = callerLink(socket);
      streaming = decision.parsed?.kind === 'stream';
      const code = await runCommand(req, { home, clock }, fds, decision.parsed, caller).finally(() => (streaming = false));
      const reply = Buffer.alloc(5);
      reply.write('X');
      reply.writeInt32BE(code, 1);
      socket.end(reply);
    } finally {
      closeFds(fds);
    }
  };

  process.umask(0o177); // the socket is made 0600, in the 0700 session folder
  try {
    if (lstatSync(file.socket).isSocket()) rmSync(file.socket); // a dead agent's
  } catch {
    // none
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file.socket, resolve);
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, end);
  setInterval(() => alive() || end(), CHECK_MS);
  // tell `kms keyring unlock` that calls may come, then let go of its pipe
  writeSync(1, 'ready\n');
  closeSync(1);
}

function closeFds(fds: number[]): void {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

/**
 * What the agent knows of its caller while a command runs: whether it is gone (its connection
 * closed: Ctrl-C, or killed), and a question it must answer before a stream is sealed as complete.
 */
interface CallerLink {
  gone(): boolean;
  checkpoint(final: boolean): Promise<void>;
}

/** An interruption: the caller went away during the command (it printed its own newline and exit 130). */
class CallerGone extends Error {}

/**
 * The caller's connection, read from now on: kms-client answers 'K' to each 'F' the agent sends
 * before sealing the end of an encrypt-stream input as the final frame. A caller that has had
 * Ctrl-C runs its handler (and exits) before it can answer, because the SIGINT reached it when it
 * reached the writer of that input, before the input could end: so an end of input that came
 * with a Ctrl-C is never sealed as complete, as in a process of its own.
 */
function callerLink(socket: Socket): CallerLink {
  let gone = false;
  let waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const leave = () => {
    gone = true;
    waiting?.reject(new CallerGone('the caller went away'));
    waiting = undefined;
  };
  socket.on('data', (bytes: Buffer) => {
    for (const b of bytes) {
      if (b === 0x4b /* K */) {
        waiting?.resolve();
        waiting = undefined;
      }
    }
  });
  socket.on('end', leave);
  socket.on('close', leave);
  socket.on('error', leave);
  socket.resume();
  return {
    gone: () => gone,
    checkpoint(final) {
      if (gone) return Promise.reject(new CallerGone('the caller went away'));
      if (!final) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write('F');
      });
    },
  };
}

/** Runs one command line as bin/kms would, on the client's descriptors; its exit code. */
async function runCommand(
  req: ClientRequest,
  { home, clock }: Pick<Deps, 'clock'> & { home: string },
  [inFd, outFd, errFd]: number[],
  parsed: Invocation | undefined,
  caller: CallerLink,
): Promise<number> {
  // output/values.ts prints timestamps in local time: the client's zone, not the agent's
  if (req.env.TZ === undefined) delete process.env.TZ;
  else process.env.TZ = req.env.TZ;
  let stdoutClosed = false;
  let stdin: Readable | undefined;
  const deps: Deps = {
    env: req.env,
    cwd: req.cwd,
    homedir: home,
    get stdin() {
      // its errors after the command (the caller gone, the descriptor closed) are nobody's
      return (stdin ??= createReadStream('', { fd: inFd!, autoClose: false }).on('error', () => undefined));
    },
    // nothing more reaches a caller that has gone: its terminal is the shell's again
    stdout: fdWriter(outFd!, () => (stdoutClosed = true), caller.gone),
    stderr: fdWriter(errFd!, () => undefined, caller.gone),
    stdinFd: inFd,
    stdoutFd: outFd,
    stdinIsTTY: isatty(inFd!),
    stdoutIsTTY: isatty(outFd!),
    stderrIsTTY: isatty(errFd!),
    stdoutColumns: isatty(outFd!) ? req.columns : undefined,
    clock,
    random: (n) => new Uint8Array(randomBytes(n)),
    promptSecret: noPrompt,
    checkpoint: (final) => caller.checkpoint(final),
  };
  try {
    const code = await main(req.argv, deps, SERVICES, parsed);
    // a closed stdout (`kms list-keys | head -1`) ends quietly with 0, as src/cli/entry.ts does
    return stdoutClosed ? 0 : code;
  } finally {
    if (stdin !== undefined && !stdin.closed) {
      // its descriptor is closed after this: first let a read still in flight on the thread pool end
      // (a read that never ends, a terminal's, is not waited for more than a second)
      const closed = new Promise<void>((resolve) => {
        stdin!.once('close', () => resolve());
        setTimeout(resolve, 1000).unref();
      });
      stdin.destroy();
      await closed;
    }
  }
}

/**
 * A Writable over a client's descriptor that writes each chunk whole before returning, as
 * process.stdout does for files and pipes on Linux. A closed reader (EPIPE) drops the rest.
 */
function fdWriter(fd: number, onClosed: () => void, silenced: () => boolean): Writable {
  let closed = false;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const w = new Writable({
    write(chunk: Buffer, _encoding, done) {
      let off = 0;
      while (!closed && !silenced() && off < chunk.length) {
        try {
          off += writeSync(fd, chunk, off);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1); // a non-blocking descriptor that is full
          else {
            closed = true; // the reader went away (EPIPE), or the descriptor failed: drop the rest
            if (code === 'EPIPE') onClosed();
          }
        }
      }
      done();
    },
  });
  return w;
}
