import type { z } from 'zod';
import type { Backends } from '../backends/backends.js';
import type { Config } from '../config/schema.js';
import type { Origin } from '../actions/origin.js';
import type { Precondition } from '../actions/pending-action.js';

/** Read tools run at once; mutate tools only ever run after a recorded human confirmation. */
export type Effect = 'read' | 'mutate';

/** Everything a handler may touch: backend ports and facts about the call. No roles: policy already decided. */
export interface ToolContext {
  backends: Backends;
  config: Config;
  /** Who the call is for: the requester of a mutation, the asker of a read. */
  actor: string;
  origin: Origin;
  now: () => Date;
  /** Long work reports progress here (front ends show it); optional. */
  progress?: (message: string) => void;
  /** For an approved mutation: the preview the approver saw, so the run does exactly that (the rollback target shown). */
  approvedPreview?: Record<string, string> | null;
  /** For an approved mutation: its action id and who approved it, so a backend's record points back to them and a retried call stays idempotent. */
  actionId?: string;
  approvedBy?: string | null;
}

/** What a handler returns: text for people and models, data for structured clients. */
export interface ToolResult<Data = unknown> {
  text: string;
  data: Data;
}

/** The permission a call needs, stated as a fact: `verb:scope`, scope taken from the arguments. */
export interface PermissionSpec<Args> {
  verb: string;
  /** Every scope this tool can ask for ('environments': the configured ones). Decides tool visibility and validates config. */
  scopes: readonly string[] | 'environments';
  scopeOf: (args: Args) => string;
  /**
   * Further permissions some calls need on top of `verb:scope` (a forced deploy also needs `deploy:force`): every
   * one must be held. `permissions` lists all it can ask for (config validation); `of` picks those a call needs.
   */
  extra?: { permissions: readonly string[]; of: (args: Args) => string[] };
}

/** What a word of a command stands for, so the router and help read a tool's arguments the same way. */
export type ArgumentRole = 'service' | 'environment' | 'version' | 'team' | 'person' | 'incident' | 'alert' | 'duration' | 'text';

/**
 * One form of a tool as people type it (chat, `!cmd`, `/cmd`, `@opsbot cmd`): the command word it starts with
 * (also its slash command), its usage line, a one-line summary, the words that name this form, and the role
 * of each argument. `help`, slash-command usage, the Slack manifest and the router all read these.
 */
export interface CommandSpec {
  /** The command word, e.g. `deploy`; forms sharing it are one slash command. */
  command: string;
  /** Starts with the command word so it works typed in chat and after a slash. */
  usage: string;
  summary: string;
  /** Words after the command word that select this form (`list` in `deploy list`); none for the bare form. */
  words?: readonly string[];
  /** Argument name → what it is; an argument with role `service` may be left out in the service's own channel. */
  roles?: Readonly<Record<string, ArgumentRole>>;
}

/** One tool: data the agent, router, help, MCP server and gateway all read from the same table. */
export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Data = unknown> {
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it returns. */
  description: string;
  input: Input;
  /** The group of tools a request is offered together (incidents, reports), so a prompt carries only what it needs. */
  group?: string;
  /** Shape of `ToolResult.data` (MCP structured content). */
  output?: z.ZodType<Data>;
  effect: Effect;
  permission: PermissionSpec<z.output<Input>>;
  /** For mutations: would running it twice with the same arguments change nothing more? (MCP idempotentHint) */
  idempotent?: boolean;
  /** For mutations: can it make things worse (a deploy can; a page cannot)? (MCP destructiveHint) */
  destructive?: boolean;
  /** Does it reach a system outside opsbot (deploys, monitoring, paging, GitHub), whichever adapter serves it? (MCP openWorldHint) */
  openWorld?: boolean;
  /** A read that still stores something in opsbot (status_watch keeps a watch), so it is not read-only. */
  keepsState?: boolean;
  /** Answers again later in the conversation it was made in (status_watch); front ends without a lasting conversation (MCP) do not offer it. */
  reportsLater?: boolean;
  /** One line saying exactly what will happen, shown on confirmation cards. */
  describe: (args: z.output<Input>) => string;
  /** Facts computed when a mutation is proposed (e.g. current → proposed version), shown on the card. */
  preview?: (args: z.output<Input>, context: ToolContext) => Promise<Record<string, string>>;
  /**
   * For mutations: the facts the preview showed that must still hold when a person approves (the version a deploy
   * replaces, the people a page reaches). The gateway stores them with the action, re-reads them at approval and
   * refuses, with old and new values, if any changed: what was approved is what runs. A ToolFailure at proposal is
   * an invalid request; an error at approval leaves the action pending.
   */
  preconditions?: (args: z.output<Input>, context: ToolContext) => Promise<Record<string, Precondition>>;
  run: (args: z.output<Input>, context: ToolContext) => Promise<ToolResult<Data>>;
  /** How people type it, in help order; a tool without forms is reachable only by the model and MCP. */
  commands?: readonly CommandSpec[];
}

/** A tool definition with its type parameters erased, as stored in the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<z.ZodObject, any>;

/** Data is always an object so it can be MCP structured content as is. */
export function defineTool<Input extends z.ZodObject>(definition: ToolDefinition<Input, Record<string, unknown>>): AnyTool {
  return definition as unknown as AnyTool;
}
