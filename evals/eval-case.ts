/** What a message should lead to, for one tool: run (a read), proposed (a pending action), or refused (nothing pending, nothing run). */
export type ExpectedOutcome = 'ran' | 'proposed' | 'refused';

/** One tool the message should (or, for `refused`, must not successfully) lead to, with the arguments that matter. */
export interface ExpectedCall {
  tool: string;
  outcome: ExpectedOutcome;
  /** A subset of the canonical arguments the gateway recorded; `{action}` is replaced by the setup's action id. */
  args?: Record<string, unknown>;
}

/** State a case needs before its message: an existing proposal whose id the message refers to as `{action}`, a silence in force (`{silence}`), or a deploy lock on frontend in production. */
export type EvalSetup = 'pending-action' | 'silence' | 'lock';

/** One natural-language eval case. Cases are data, so the router and Claude are scored on exactly the same set. */
export interface EvalCase {
  id: string;
  language: 'en' | 'ja';
  /** Slack user id of the asker; the demo roles decide what they may do. */
  user: string;
  message: string;
  /** The Slack channel the message is written in (e.g. a service's own channel, `C0API`); absent: the CLI. */
  channel?: string;
  setup?: EvalSetup;
  expect: ExpectedCall[];
}

/** Shorthands that keep the case tables readable. */
export const ran = (tool: string, args?: Record<string, unknown>): ExpectedCall => ({ tool, outcome: 'ran', args });
export const proposed = (tool: string, args?: Record<string, unknown>): ExpectedCall => ({ tool, outcome: 'proposed', args });
export const refused = (tool: string): ExpectedCall => ({ tool, outcome: 'refused' });
