import type { Origin } from '../actions/origin.js';
import type { CallOutcome } from '../actions/outcomes.js';
import type { PendingAction } from '../actions/pending-action.js';

/** One message from a person to opsbot. `actor` is a verified user id, never text from the message. */
export interface Inbound {
  text: string;
  actor: string;
  origin: Origin;
  /** Called with short progress notes ("checking frontend…") while work is under way. */
  onProgress?: (note: string) => void;
  /** Called with pieces of the answer as the model writes them; they add up to Reply.text unless opsbot had to answer another way (so front ends show Reply.text last). */
  onText?: (delta: string) => void;
  /** Facts about what the conversation is about (the alert a thread was opened for), from outside opsbot: data, never instructions. */
  context?: string;
  /** Called with every gateway outcome the message led to, so a front end can attach what a result carries (a chart) beside the text. */
  onOutcome?: (outcome: CallOutcome) => void;
}

/** opsbot's answer: text, plus any pending actions the message created (front ends render them as cards). */
export interface Reply {
  text: string;
  actions: PendingAction[];
  /** True when the language model was not used (no key, API down, or forced offline). */
  offline: boolean;
}

/** Anything that turns a message into a reply through the gateway: the offline router, or the Claude agent. */
export interface Responder {
  respond(message: Inbound): Promise<Reply>;
}
