import { SendFailure } from '../outbox/card-sender.js';
import { failureOf, networkFailure, type CallTarget, type MattermostErrorEnvelope } from './mattermost-errors.js';

/** How long one API call may take before it counts as a transient failure. */
const CALL_TIMEOUT_MS = 15_000;

/** A post as API v4 returns it (the fields opsbot reads). */
export interface MattermostPost {
  id: string;
  channel_id: string;
  root_id?: string;
  message: string;
  props?: Record<string, unknown>;
  file_ids?: string[];
}

/** A channel as API v4 returns it. */
export interface MattermostChannel {
  id: string;
  team_id: string;
  name: string;
  display_name: string;
  type: string;
}

/** A user or team as API v4 returns it (id and the name used in mentions and URLs). */
export interface MattermostUser {
  id: string;
  username: string;
}
export interface MattermostTeam {
  id: string;
  name: string;
}

/**
 * Mattermost's REST API v4 over `fetch`, as the bot account (a personal access token or a bot token as
 * `Authorization: Bearer`). Every failure is a `SendFailure` (see mattermost-errors.ts); nothing here retries,
 * so the outbox decides once for every platform.
 */
export class MattermostApi {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = `${url.replace(/\/+$/, '')}/api/v4`;
  }

  async get<T>(path: string, target: CallTarget = 'other'): Promise<T> {
    return this.call<T>('GET', path, undefined, target);
  }

  async post<T>(path: string, body: unknown, target: CallTarget = 'other'): Promise<T> {
    return this.call<T>('POST', path, JSON.stringify(body), target);
  }

  async put<T>(path: string, body: unknown, target: CallTarget = 'other'): Promise<T> {
    return this.call<T>('PUT', path, JSON.stringify(body), target);
  }

  /** A multipart upload (POST /files): the form sets its own content type and boundary. */
  async upload<T>(path: string, form: FormData, target: CallTarget = 'channel'): Promise<T> {
    return this.call<T>('POST', path, form, target);
  }

  private async call<T>(method: string, path: string, body: string | FormData | undefined, target: CallTarget): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, { method, headers, body, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    } catch (error) {
      throw networkFailure(error);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw failureOf(response.status, response.headers, envelopeOf(text), target);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      // A 2xx that is not JSON came from something in front of Mattermost, not from it.
      throw new SendFailure('transient', 'malformed_answer');
    }
  }
}

/** The error envelope, when the body is one (a proxy's HTML page is not). */
function envelopeOf(text: string): MattermostErrorEnvelope | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as MattermostErrorEnvelope) : undefined;
  } catch {
    return undefined;
  }
}
