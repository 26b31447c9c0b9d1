import type { Config } from '../config/schema.js';
import type { AnyTool } from '../tools/define-tool.js';

/** A permission is `verb:scope`; a pattern may use `*` for either part (`read:*`, `*:production`, `*`). */
export function patternMatches(pattern: string, permission: string): boolean {
  if (pattern === '*' || pattern === '*:*') return true;
  const [patternVerb, patternScope = '*'] = pattern.split(':');
  const [verb, scope] = permission.split(':');
  return (patternVerb === '*' || patternVerb === verb) && (patternScope === '*' || patternScope === scope);
}

/** Every concrete permission the registered tools can ask for, given the configured environments. */
export function knownPermissions(tools: AnyTool[], config: Pick<Config, 'environments'>): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const tool of tools) {
    const scopes = tool.permission.scopes === 'environments' ? config.environments : tool.permission.scopes;
    const set = known.get(tool.permission.verb) ?? new Set<string>();
    for (const scope of scopes) set.add(scope);
    known.set(tool.permission.verb, set);
    for (const extra of tool.permission.extra?.permissions ?? []) {
      const [verb, scope] = extra.split(':') as [string, string];
      known.set(verb, (known.get(verb) ?? new Set<string>()).add(scope));
    }
  }
  return known;
}

/** Whether a pattern from config names something real: a typo like `deploy:prod` grants nothing and must be rejected. */
export function isKnownPattern(pattern: string, known: Map<string, Set<string>>): boolean {
  if (pattern === '*' || pattern === '*:*') return true;
  const parts = pattern.split(':');
  if (parts.length !== 2) return false;
  const [verb, scope] = parts as [string, string];
  if (verb === '*') return scope === '*' || [...known.values()].some((scopes) => scopes.has(scope));
  const scopes = known.get(verb);
  if (!scopes) return false;
  return scope === '*' || scopes.has(scope);
}

export function permissionOf(tool: AnyTool, args: unknown): string {
  return `${tool.permission.verb}:${tool.permission.scopeOf(args as never)}`;
}

/** Permissions a call needs beyond its main one (e.g. `deploy:force` for `deploy!`). */
export function extraPermissionsOf(tool: AnyTool, args: unknown): string[] {
  return tool.permission.extra?.of(args as never) ?? [];
}
