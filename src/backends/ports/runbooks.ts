// Runbooks port: the steps to follow for an alert or a service (a folder of files, or the demo library).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** The steps to follow for an alert or a service. */
export interface Runbook {
  name: string;
  title: string;
  appliesTo: string[];
  steps: string[];
  url: string | null;
}

/** Finds runbooks by alert or service. */
export interface RunbooksPort {
  /** By alert name or service name; null when nothing matches. */
  find(query: string): Promise<Runbook | null>;
  list(): Promise<Runbook[]>;
}
