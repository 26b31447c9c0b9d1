/**
 * Limits on tool input, checked iteratively before anything recursive (zod, redaction, canonical JSON, the
 * audit record) touches it: input nested thousands of levels deep from a model or an MCP client would
 * otherwise overflow the stack and end the request as "internal", with no audit record of the refusal.
 */
export const INPUT_LIMITS = {
  /** No tool takes arguments nested more than a few levels; 32 leaves room without risk. */
  maxDepth: 32,
  /** Objects, arrays and values in total. */
  maxNodes: 10_000,
  /** Characters of all strings and keys together. */
  maxCharacters: 256 * 1024,
} as const;

/** Why the input is out of bounds, in a sentence; undefined when it is within them. */
export function inputBoundsProblem(input: unknown, limits: { maxDepth: number; maxNodes: number; maxCharacters: number } = INPUT_LIMITS): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 0 }];
  let nodes = 0;
  let characters = 0;
  while (pending.length) {
    const { value, depth } = pending.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return `arguments have more than ${limits.maxNodes} values`;
    if (typeof value === 'string') characters += value.length;
    else if (value !== null && typeof value === 'object') {
      if (depth >= limits.maxDepth) return `arguments are nested more than ${limits.maxDepth} levels deep`;
      for (const [key, inner] of Object.entries(value)) {
        characters += key.length;
        pending.push({ value: inner, depth: depth + 1 });
      }
    }
    if (characters > limits.maxCharacters) return `arguments hold more than ${limits.maxCharacters} characters of text`;
  }
  return undefined;
}

/** What the audit record keeps of input that was refused for its size: its shape, never the input itself. */
export function boundedSummary(input: unknown): Record<string, unknown> {
  return { type: Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input, omitted: 'out of bounds' };
}
