import type { Runbook, RunbooksPort } from '../ports/runbooks.js';
import { RUNBOOKS } from './runbook-library.js';

/** Built-in runbooks, found by runbook name, alert name or service/component name, case-insensitively. */
export class DemoRunbooks implements RunbooksPort {
  constructor(private readonly runbooks: Runbook[] = RUNBOOKS) {}

  async find(query: string): Promise<Runbook | null> {
    const wanted = query.trim().toLowerCase();
    if (!wanted) return null;
    // Most specific first: the runbook's own name, then what it applies to, then words of its title.
    return (
      this.runbooks.find((runbook) => runbook.name === wanted) ??
      this.runbooks.find((runbook) => runbook.appliesTo.some((subject) => subject.toLowerCase() === wanted)) ??
      this.runbooks.find((runbook) => runbook.title.toLowerCase().includes(wanted)) ??
      null
    );
  }

  async list(): Promise<Runbook[]> {
    return [...this.runbooks];
  }
}
