import { importJWK, jwtVerify, decodeProtectedHeader, type JWK, type CryptoKey } from 'jose';

/** The issuer of tokens the Bot Framework service signs for bots (Bot Connector authentication). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** Where the signing keys come from and whom the token must be for. */
export interface JwtCheckOptions {
  /** The OpenID metadata document naming the JWKS (`jwks_uri`). */
  openIdMetadataUrl: string;
  /** The bot's app id: the token's audience. */
  appId: string;
  fetchImpl?: typeof fetch;
}

/** A JWKS key as the Bot Framework publishes it, with the channels it is endorsed for. */
type EndorsedKey = JWK & { kid?: string; endorsements?: string[] };

/** Bot Framework allows five minutes of clock skew between its service and the bot. */
const CLOCK_TOLERANCE_SECONDS = 300;
/** Keys are re-read daily, and at most every five minutes when a token names an unknown key. */
const KEYS_MAX_AGE_MS = 24 * 3_600_000;
const UNKNOWN_KEY_REFRESH_MS = 5 * 60_000;

/**
 * Checks the bearer token Teams (the Bot Framework service) sends with each activity, as documented for bots
 * (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication): an RS256
 * JWT signed by a key from the JWKS the OpenID metadata names, issuer `https://api.botframework.com`, audience
 * the app id, not expired, the key endorsed for the activity's channel, and its `serviceurl` claim equal to the
 * activity's `serviceUrl` (so a token cannot send opsbot's replies to another host).
 */
export class BotFrameworkJwt {
  private keys?: { byKid: Map<string, EndorsedKey>; fetchedAt: number };
  private readonly importedKeys = new Map<string, CryptoKey | Uint8Array>();
  private refreshing?: Promise<void>;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: JwtCheckOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** True when `authorization` carries a valid token for this activity; never throws. */
  async check(authorization: string | undefined, activity: { serviceUrl?: unknown; channelId?: unknown }): Promise<boolean> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || typeof activity.serviceUrl !== 'string') return false;
    try {
      const { kid, alg } = decodeProtectedHeader(token);
      if (!kid || alg !== 'RS256') return false;
      const key = await this.key(kid);
      if (!key) return false;
      if (key.endorsements && typeof activity.channelId === 'string' && !key.endorsements.includes(activity.channelId)) return false;
      const { payload } = await jwtVerify(token, await this.importedKey(kid, key), {
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: this.options.appId,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      });
      const claimed = payload['serviceurl'] ?? payload['serviceUrl'];
      return typeof claimed === 'string' && sameServiceUrl(claimed, activity.serviceUrl);
    } catch {
      return false;
    }
  }

  private async key(kid: string): Promise<EndorsedKey | undefined> {
    const stale = !this.keys || Date.now() - this.keys.fetchedAt > KEYS_MAX_AGE_MS;
    const unknown = this.keys && !this.keys.byKid.has(kid) && Date.now() - this.keys.fetchedAt > UNKNOWN_KEY_REFRESH_MS;
    if (stale || unknown) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing.catch(() => undefined);
    }
    return this.keys?.byKid.get(kid);
  }

  private async refresh(): Promise<void> {
    const metadata = (await this.getJson(this.options.openIdMetadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('OpenID metadata without jwks_uri');
    const jwks = (await this.getJson(metadata.jwks_uri)) as { keys?: EndorsedKey[] };
    const byKid = new Map((jwks.keys ?? []).filter((key) => key.kid && key.kty === 'RSA').map((key) => [key.kid!, key]));
    this.keys = { byKid, fetchedAt: Date.now() };
    this.importedKeys.clear();
  }

  private async importedKey(kid: string, key: EndorsedKey): Promise<CryptoKey | Uint8Array> {
    const known = this.importedKeys.get(kid);
    if (known) return known;
    const made = await importJWK({ kty: key.kty, n: key.n, e: key.e }, 'RS256');
    this.importedKeys.set(kid, made);
    return made;
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).host}`);
    return response.json();
  }
}

/** Service URLs compare without a trailing slash and with the host's case ignored. */
function sameServiceUrl(a: string, b: string): boolean {
  const normal = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
  return normal(a) === normal(b);
}
