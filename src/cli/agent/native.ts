// The agent's native half (native/agent.c): receiving a client's request with its standard
// streams as descriptors. Node's net module cannot take SCM_RIGHTS descriptors off a unix socket.

import { createRequire } from 'node:module';

export interface AgentRequestFrame {
  /** The peer's uid (SO_PEERCRED). */
  uid: number;
  /** The client's stdin, stdout and stderr, now descriptors of this process (close-on-exec). */
  fds: number[];
  data: Buffer;
}

interface AgentHelper {
  /** One request frame from connected socket `fd`, waiting at most `timeoutMs`; -errno on failure. */
  recvRequest(fd: number, timeoutMs: number): AgentRequestFrame | number;
}

let helper: AgentHelper | null | undefined;

/** The native helper, or null where `npm install` could not build it (then there is no agent). */
export function agentHelper(): AgentHelper | null {
  if (helper === undefined) {
    // dist/bundle/kms.cjs is two levels below the package root, dist/cli/agent/native.js three
    const load = createRequire(import.meta.url);
    helper = null;
    for (const path of ['../../build/Release/agent.node', '../../../build/Release/agent.node']) {
      try {
        helper = load(path) as AgentHelper;
        break;
      } catch {
        // not there, or not built
      }
    }
  }
  return helper;
}
