import type { IntentRule } from './intent-rule.js';
import type { Phrasing } from './parsed-command.js';

/** A rule with its place in the pipeline: lower `order` is tried first, across every domain. */
export interface Ranked<Rule> {
  order: number;
  rule: Rule;
}

/**
 * One domain of the router (status, deploys, people, …): its classic command forms and its plain-language
 * intent rules, side by side, so adding a tool means adding to one file. `order` is the tie-break between
 * domains whose words overlap ("incident commander" is people, not incidents), see pipeline.ts.
 */
export interface Domain {
  name: string;
  /** Strict classic forms (`!cmd`, `/cmd`, `cmd …`), tried before any intent rule. */
  forms: ReadonlyArray<Ranked<Phrasing>>;
  /** Keyword rules for simple English and Japanese, tried when no form completed the message. */
  intents: ReadonlyArray<Ranked<IntentRule>>;
}
