import type { ActionState } from './action-state.js';
import type { PendingAction } from './pending-action.js';

/** What a front end gets back from `Gateway.call`. Every variant carries text a person (or model) can act on. */
export type CallOutcome =
  /** A read ran and returned data. */
  | { status: 'ok'; tool: string; text: string; data: unknown }
  /** The tool ran but the backend said no, or it failed; `text` says why. */
  | { status: 'error'; tool: string; text: string }
  /** Unknown tool or arguments that do not fit its schema. */
  | { status: 'invalid'; tool: string; text: string }
  /** Policy refused; `text` gives the reason. */
  | { status: 'denied'; tool: string; text: string; permission: string }
  /** A mutation became a pending action awaiting a human. */
  | { status: 'pending'; tool: string; text: string; action: PendingAction };

/** What `confirm` / `reject` / `cancel` return. */
export type ResolveOutcome =
  /** The action ran; `action.state` is succeeded or failed and `action.result` holds the outcome. */
  | { status: 'executed'; text: string; action: PendingAction }
  | { status: 'rejected'; text: string; action: PendingAction }
  | { status: 'cancelled'; text: string; action: PendingAction }
  /** The clicker may not do this; nothing changed. */
  | { status: 'denied'; text: string; action: PendingAction }
  /** Expired, already handled, unknown, or just refused as stale or altered (`action.state` says which): nothing ran. */
  | { status: 'not_pending'; text: string; action?: PendingAction };

/**
 * Notified on every action transition with the state the action has just entered (Slack updates its card, the agent
 * appends the outcome to the conversation).
 */
export type ActionListener = (action: PendingAction, state: ActionState) => void | Promise<void>;
