/** One fact of a proposal's preview, as a card shows it: `change` is "current v2.3.1 → proposed v2.4.0". */
export interface PreviewFact {
  name: string;
  value: string;
}

/**
 * The facts a proposal was shown with, in the order every card shows them: the change first (current → proposed),
 * then the others by name. `mark` formats a value (code spans in Slack, as is in text).
 */
export function previewFacts(preview: Record<string, string> | null, mark: (value: string) => string = (value) => value): PreviewFact[] {
  if (!preview) return [];
  const { current, proposed, ...rest } = preview;
  const facts: PreviewFact[] = [];
  if (current !== undefined || proposed !== undefined) facts.push({ name: 'change', value: `current ${current === undefined ? '?' : mark(current)} → proposed ${proposed === undefined ? '?' : mark(proposed)}` });
  for (const [name, value] of Object.entries(rest)) facts.push({ name, value: mark(value) });
  return facts;
}
