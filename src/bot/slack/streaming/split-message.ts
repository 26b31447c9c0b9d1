/** Characters per Slack message we aim for: Slack folds longer messages behind "show more" and caps section text at 3000. */
export const MESSAGE_TEXT_LIMIT = 3500;

const FENCE = '```';

/**
 * Splits a long answer into messages at paragraph, line or word boundaries, closing and reopening a code fence
 * that a cut would leave open, so each part renders on its own.
 */
export function splitMessage(text: string, limit = MESSAGE_TEXT_LIMIT): string[] {
  const room = limit - FENCE.length - 1;
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, room);
    let part = rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).replace(/^\n+/, '');
    if (countFences(part) % 2 === 1) {
      part = `${part}\n${FENCE}`;
      rest = `${FENCE}\n${rest}`;
    }
    parts.push(part);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function cutPoint(text: string, room: number): number {
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(separator, room);
    if (at > room / 2) return at;
  }
  return room;
}

function countFences(text: string): number {
  return text.split(FENCE).length - 1;
}
