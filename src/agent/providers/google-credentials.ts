import { type AuthClient, GoogleAuth } from 'google-auth-library';
import { registerSecret } from '../../util/redact.js';
import type { GoogleCredentials } from '../claude/model-client.js';

/**
 * Application Default Credentials, resolved at the first request and again after a failure (a login made after
 * start-up is then picked up). Each access token is registered as a secret before it leaves.
 */
export class ApplicationDefaultCredentials implements GoogleCredentials {
  projectId: string | null = null;
  private client?: Promise<AuthClient>;
  private readonly auth = new GoogleAuth({ scopes: 'https://www.googleapis.com/auth/cloud-platform' });

  async getRequestHeaders(): Promise<Headers> {
    this.client ??= this.auth.getClient();
    try {
      const client = await this.client;
      this.projectId ??= client.projectId ?? (await this.auth.getProjectId().catch(() => null));
      const headers = await client.getRequestHeaders();
      registerSecret(headers.get('authorization')?.replace(/^Bearer /, '') ?? undefined);
      return headers;
    } catch (error) {
      this.client = undefined;
      throw error;
    }
  }
}
