/** Who is deploying a service in an environment right now: the action running it, since when. */
export interface DeployClaim {
  service: string;
  environment: string;
  actionId: string;
  claimedAt: string;
}

/**
 * "deploying SERVICE/ENV", claimed in the store (DESIGN §10): one deploy or rollback per service and environment
 * across every replica, whichever deploys adapter serves the port. Reading the deploy system and then acting
 * is not enough, because two replicas can both read "nothing in progress" before either creates anything.
 */
export interface DeployClaimsPort {
  /** Claims with a conditional insert; returns the claim that holds it instead when another live action has it. */
  claim(service: string, environment: string, actionId: string): Promise<{ claimed: true } | { claimed: false; holder: DeployClaim }>;
  /** Releases the claim if `actionId` still holds it (the deploy reached its outcome). */
  release(service: string, environment: string, actionId: string): Promise<void>;
  /** Drops claims whose action is no longer running or stopped renewing its lease; returns how many. */
  sweep(): Promise<number>;
}
