import type { Runbook } from './ports/runbooks.js';

// Words that say nothing about which runbook is meant.
const FILLERS = new Set(['the', 'a', 'an', 'for', 'of', 'on', 'in', 'to', 'is', 'are', 'when', 'if', 'our', 'we', 'it', 'does', 'not', 'do', 'what', 'how', 'runbook', 'steps']);

/** `HighLatency`, `high-latency`, `High p95 latency`, `high_latency` → lower-case words. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The runbook a question means, most specific first: its exact name, an alert or service it applies to, the same
 * words however written (`high latency` ≡ `high-latency` ≡ `HighLatency`), words of its title, then the runbook
 * sharing the most words with the question ("auth session store dies" → auth-session-store), at least two of
 * them unless the question has only one. Null when nothing matches. Shared by every runbooks adapter.
 */
export function findRunbook(runbooks: readonly Runbook[], query: string): Runbook | null {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return null;
  const spelled = wordsOf(query).join(' ');
  const exact =
    runbooks.find((runbook) => runbook.name.toLowerCase() === wanted) ??
    runbooks.find((runbook) => runbook.appliesTo.some((subject) => subject.toLowerCase() === wanted)) ??
    runbooks.find((runbook) => [runbook.name, ...runbook.appliesTo].some((subject) => wordsOf(subject).join(' ') === spelled)) ??
    runbooks.find((runbook) => runbook.title.toLowerCase().includes(wanted));
  if (exact) return exact;
  const asked = new Set(wordsOf(query).filter((word) => !FILLERS.has(word)));
  if (asked.size === 0) return null;
  let best: { runbook: Runbook; score: number } | undefined;
  for (const runbook of runbooks) {
    const own = new Set([runbook.name, runbook.title, ...runbook.appliesTo].flatMap(wordsOf).map(stem));
    const score = [...asked].filter((word) => own.has(stem(word))).length;
    if (score > (best?.score ?? 0)) best = { runbook, score };
  }
  return best && best.score >= Math.min(2, asked.size) ? best.runbook : null;
}

// "connections" ≡ "connection", "failures" ≡ "failure": enough for runbook titles, which are short English.
function stem(word: string): string {
  return word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
