import type { z } from 'zod';

/**
 * Introspection of the config schema, for two promises of strict config: an unknown key is named with the
 * keys that were possible there (did-you-mean), and every object in the schema rejects unknown keys — so a
 * section added later with a plain `z.object` is caught by a test instead of silently dropping a misspelt rule.
 */

type Definition = { type: string } & Record<string, unknown>;

function definitionOf(schema: unknown): Definition | undefined {
  return (schema as { _zod?: { def?: Definition } } | undefined)?._zod?.def;
}

/** The schemas a value at `segment` below `schema` may be checked by (several when a union offers options). */
function childrenOf(schema: z.ZodType, segment: PropertyKey | undefined): z.ZodType[] {
  const def = definitionOf(schema);
  if (!def) return [];
  switch (def.type) {
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      return typeof segment === 'string' && shape[segment] ? [shape[segment]] : [];
    }
    case 'array':
      return [def.element as z.ZodType];
    case 'record':
      return [def.valueType as z.ZodType];
    default:
      return [];
  }
}

/** Wrappers (default, optional, pipe…) and union options, down to the schemas that actually check a value. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = definitionOf(schema);
  if (!def) return [];
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return unwrap(def.innerType as z.ZodType);
    case 'pipe':
      return unwrap(def.in as z.ZodType);
    case 'lazy':
      return unwrap((def.getter as () => z.ZodType)());
    case 'union':
      return (def.options as z.ZodType[]).flatMap(unwrap);
    case 'intersection':
      return [...unwrap(def.left as z.ZodType), ...unwrap(def.right as z.ZodType)];
    default:
      return [schema];
  }
}

/** The keys an object at `path` may have (union options merged); empty when the path names no object. */
export function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let current = unwrap(schema);
  for (const segment of path) current = current.flatMap((candidate) => childrenOf(candidate, segment)).flatMap(unwrap);
  const keys = new Set<string>();
  for (const candidate of current) {
    if (definitionOf(candidate)?.type === 'object') for (const key of Object.keys((candidate as unknown as { shape: object }).shape)) keys.add(key);
  }
  return [...keys];
}

/** Paths of every object in `schema` that would accept (and silently drop) an unknown key. */
export function lenientObjectPaths(schema: z.ZodType, path = '', seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const found: string[] = [];
  for (const candidate of unwrap(schema)) {
    const def = definitionOf(candidate);
    if (!def) continue;
    if (def.type === 'object') {
      // z.strictObject and .strict() set the catch-all to `never`; z.object leaves it unset, .passthrough() to `unknown`.
      if (definitionOf(def.catchall)?.type !== 'never') found.push(path || '(top level)');
      for (const [key, inner] of Object.entries((candidate as unknown as { shape: Record<string, z.ZodType> }).shape)) found.push(...lenientObjectPaths(inner, path ? `${path}.${key}` : key, seen));
    } else if (def.type === 'array') found.push(...lenientObjectPaths(def.element as z.ZodType, `${path}[]`, seen));
    else if (def.type === 'record') found.push(...lenientObjectPaths(def.valueType as z.ZodType, `${path}.*`, seen));
    else if (def.type === 'tuple') (def.items as z.ZodType[]).forEach((item, index) => found.push(...lenientObjectPaths(item, `${path}[${index}]`, seen)));
  }
  return [...new Set(found)];
}

/** The candidate a typo most likely meant: a small edit distance relative to its length, or undefined. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(best.candidate.length / 3));
  return best.distance <= allowed ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
