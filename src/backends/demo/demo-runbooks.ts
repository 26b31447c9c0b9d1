import { findRunbook } from '../runbook-match.js';
import type { Runbook, RunbooksPort } from '../ports/runbooks.js';
import { RUNBOOKS } from './runbook-library.js';

/** Built-in runbooks, found by runbook name, alert name, service/component name or the trouble's words (runbook-match.ts). */
export class DemoRunbooks implements RunbooksPort {
  constructor(private readonly runbooks: Runbook[] = RUNBOOKS) {}

  async find(query: string): Promise<Runbook | null> {
    return findRunbook(this.runbooks, query);
  }

  async list(): Promise<Runbook[]> {
    return [...this.runbooks];
  }
}
