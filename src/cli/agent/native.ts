// The agent's native half (native/agent.c): receiving a client's request with its standard
// streams as descriptors. Node's net module cannot take SCM_RIGHTS descriptors off a unix socket.

import { nativeAddon } from '../../deps.js';

export interface AgentRequestFrame {
  /** The peer's uid (SO_PEERCRED). */
  uid: number;
  /** None: the descriptors come with 'G' (recvGo). */
  fds: number[];
  data: Buffer;
}

interface AgentHelper {
  /** One request frame from connected socket `fd`, waiting at most `timeoutMs`; -errno on failure. */
  recvRequest(fd: number, timeoutMs: number): AgentRequestFrame | number;
  /** The client's 'G' and its stdin, stdout and stderr, waiting at most `timeoutMs`; -errno when it sent none. */
  recvGo(fd: number, timeoutMs: number): { fds: number[] } | number;
}

/** The native helper, or null where `npm install` could not build it (then there is no agent). */
export function agentHelper(): AgentHelper | null {
  return nativeAddon<AgentHelper>('agent');
}
