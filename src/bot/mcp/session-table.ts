import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** How many MCP sessions may be open, and how long one may sit idle before it is closed. */
export interface SessionLimits {
  /** Open sessions per bearer token's user; an IDE needs a few (a window each), not thousands. */
  perUser: number;
  /** Open sessions in all, so many tokens together cannot exhaust memory either. */
  total: number;
  /** A session with no request and no open stream for this long is closed (clients that vanish never send DELETE). */
  idleMs: number;
}

/** Each session holds a server, a transport and their buffers (~40 KB); these bound the whole at a few MB. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { perUser: 16, total: 256, idleMs: 10 * 60_000 };

/** One Streamable HTTP session, bound to the user its token maps to. */
export interface Session {
  user: string;
  transport: StreamableHTTPServerTransport;
  server: Server;
  lastSeen: number;
  inFlight: number;
}

/**
 * The open sessions, bounded. A new session first reserves a place (synchronously, so a burst of
 * initialize calls cannot all pass the check before any of them is counted) and holds it until it is
 * initialized and added, or fails.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly opening = new Map<string, number>();

  constructor(readonly limits: SessionLimits) {}

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  values(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** A place for one more session of `user`, or why there is none (to be answered as is). */
  reserve(user: string): { release: () => void } | { refusal: string } {
    const mine = this.count(user);
    if (mine >= this.limits.perUser) {
      return { refusal: `Too many MCP sessions: ${mine} are open for this token (at most ${this.limits.perUser}). Close one with DELETE and its Mcp-Session-Id, or wait: a session idle for ${minutes(this.limits.idleMs)} is closed.` };
    }
    const all = this.sessions.size + [...this.opening.values()].reduce((sum, count) => sum + count, 0);
    if (all >= this.limits.total) return { refusal: `Too many MCP sessions: the server holds ${all}, its limit; try again later.` };
    this.opening.set(user, (this.opening.get(user) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.opening.get(user) ?? 1) - 1;
        if (left > 0) this.opening.set(user, left);
        else this.opening.delete(user);
      },
    };
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Sessions idle past the limit with no request or stream open. */
  idle(now: number): Session[] {
    return [...this.sessions.values()].filter((session) => session.inFlight === 0 && now - session.lastSeen > this.limits.idleMs);
  }

  private count(user: string): number {
    let count = this.opening.get(user) ?? 0;
    for (const session of this.sessions.values()) if (session.user === user) count += 1;
    return count;
  }
}

function minutes(milliseconds: number): string {
  return milliseconds >= 60_000 ? `${Math.round(milliseconds / 60_000)} min` : `${Math.round(milliseconds / 1000)} s`;
}
