import { randomUUID } from 'node:crypto';
import { ToolFailure } from '../errors.js';
import type { ToolContext } from './define-tool.js';

/**
 * Runs a deploy or rollback holding the store's claim "deploying SERVICE/ENV" from before the deploy system is asked
 * until the outcome, so two replicas approving two deploys at the same instant start exactly one (DESIGN §10),
 * whatever the deploys adapter. The adapter's own "already in progress" check still catches deploys started elsewhere.
 */
export async function withDeployClaim<T>(context: ToolContext, service: string, environment: string, work: () => Promise<T>): Promise<T> {
  const holder = context.actionId ?? `direct-${randomUUID()}`;
  const claim = await context.backends.deployClaims.claim(service, environment, holder);
  if (!claim.claimed) {
    throw new ToolFailure(`${service} is already being deployed in ${environment} by ${claim.holder.actionId} (since ${claim.holder.claimedAt}); nothing ran. Wait for it to finish.`, { claim: claim.holder });
  }
  try {
    return await work();
  } finally {
    await context.backends.deployClaims.release(service, environment, holder).catch(() => undefined);
  }
}
