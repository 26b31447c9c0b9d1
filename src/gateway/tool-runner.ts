import type { ActionResult } from '../actions/pending-action.js';
import type { Origin } from '../actions/origin.js';
import type { Backends } from '../backends/backends.js';
import type { Config } from '../config/schema.js';
import { OutcomeUnknown, ToolFailure } from '../errors.js';
import type { AnyTool, ToolContext } from '../tools/define-tool.js';
import { redactText } from '../util/redact.js';

/** Facts about one run of a handler: for whom, from where, and for an approved mutation what was approved. */
export interface RunFacts {
  actor: string;
  origin: Origin;
  progress?: (message: string) => void;
  approvedPreview?: Record<string, string> | null;
  actionId?: string;
  approvedBy?: string | null;
}

/** Runs handlers for the gateway (nothing else calls `run`) and turns what they throw into results. */
export class ToolRunner {
  constructor(
    private readonly backends: Backends,
    private readonly config: Config,
    private readonly now: () => Date,
  ) {}

  context(actor: string, origin: Origin, progress?: (message: string) => void): ToolContext {
    return { backends: this.backends, config: this.config, actor, origin, now: this.now, progress };
  }

  async execute(tool: AnyTool, args: Record<string, unknown>, call: RunFacts): Promise<ActionResult> {
    try {
      const output = await tool.run(args, { ...this.context(call.actor, call.origin, call.progress), approvedPreview: call.approvedPreview, actionId: call.actionId, approvedBy: call.approvedBy });
      // What a backend answered may carry credentials too (a URL with user:password@): shown text is redacted like errors.
      return { ok: true, text: redactText(output.text), data: output.data };
    } catch (error) {
      if (error instanceof OutcomeUnknown) return { ok: false, unknown: true, text: redactText(error.message), data: error.details };
      if (error instanceof ToolFailure) return { ok: false, text: redactText(error.message), data: error.details };
      // An unexpected fault: the caller learns the tool failed, without internals that might carry secrets.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, text: `${tool.name} failed: ${redactText(message)}` };
    }
  }
}
