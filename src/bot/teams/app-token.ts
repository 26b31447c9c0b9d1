import { SendFailure } from '../outbox/card-sender.js';
import { registerSecret } from '../../util/redact.js';

/** The scope of a token the Bot Connector accepts (Bot Framework REST authentication). */
export const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/** How opsbot proves itself to the Bot Connector: its Entra app id and client secret, in its own tenant. */
export interface AppCredentials {
  appId: string;
  appPassword: string;
  tenantId: string;
  /** The OAuth 2.0 token endpoint; by default Entra's for the tenant. Proxies and tests point it elsewhere. */
  tokenUrl?: string;
}

/** Renew a little before expiry, so a token never runs out during a request. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The bot's app-only access token (OAuth 2.0 client credentials), fetched once and reused until shortly before it
 * expires; concurrent sends share one fetch.
 */
export class AppToken {
  private current?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly credentials: AppCredentials,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    registerSecret(credentials.appPassword);
  }

  get tokenUrl(): string {
    return this.credentials.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(this.credentials.tenantId)}/oauth2/v2.0/token`;
  }

  async token(): Promise<string> {
    if (this.current && this.current.expiresAt - RENEW_BEFORE_MS > Date.now()) return this.current.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the token after the Bot Connector refused it, so the next send fetches a fresh one. */
  invalidate(): void {
    this.current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.credentials.appId, client_secret: this.credentials.appPassword, scope: BOT_CONNECTOR_SCOPE });
    let response: Response;
    try {
      response = await this.fetchImpl(this.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new SendFailure('transient', `token endpoint unreachable (${(error as Error).name})`);
    }
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number | string; error?: string };
    if (!response.ok || !answer.access_token) {
      // `invalid_client` (wrong secret, expired secret) and `unauthorized_client` need a person; the rest may pass.
      const code = answer.error ?? `HTTP ${response.status}`;
      throw new SendFailure(response.status >= 500 || response.status === 429 ? 'transient' : 'needs_person', `Teams app token refused: ${code}`);
    }
    registerSecret(answer.access_token);
    this.current = { token: answer.access_token, expiresAt: Date.now() + Number(answer.expires_in ?? 3600) * 1000 };
    return answer.access_token;
  }
}
