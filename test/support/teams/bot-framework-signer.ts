import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The issuer the Bot Framework service signs activity tokens with. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** Claims of a token the Bot Framework service sends with an activity (Bot Connector authentication). */
export interface ActivityTokenClaims {
  audience: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now until expiry; negative for an expired token. */
  expiresIn?: number;
}

/**
 * A signing key as the Bot Framework publishes it: RS256, a `kid`, and the channels it is endorsed for, with the
 * private half to sign activity tokens like the service does.
 */
export class BotFrameworkSigner {
  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK & { kid: string; use: string; alg: string; endorsements: string[] },
  ) {}

  static async create(kid = 'test-signing-key', endorsements = ['msteams']): Promise<BotFrameworkSigner> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    return new BotFrameworkSigner(kid, privateKey, { ...jwk, kid, use: 'sig', alg: 'RS256', endorsements });
  }

  /** A bearer token for an activity, as the service puts in its `Authorization` header. */
  async token(claims: ActivityTokenClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = claims.expiresIn ?? 3600;
    return new SignJWT({ serviceurl: claims.serviceUrl, nbf: Math.min(now, now + expiresIn) - 60 })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(claims.issuer ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(claims.audience)
      .setIssuedAt(now + Math.min(0, expiresIn) - 60)
      .setExpirationTime(now + expiresIn)
      .sign(this.privateKey);
  }
}
