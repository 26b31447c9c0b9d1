import type { Watch } from '../../store/watches.js';
import { OVERALL_STATUS } from '../../tools/status-watch.js';
import type { ChatContent } from './card.js';

/** The line a `status stalk` watch posts when the watched status changes, on whichever platform it was started. */
export function watchReport(watch: Watch, previous: string, current: string): ChatContent {
  const overall = watch.target === OVERALL_STATUS;
  return {
    fallback: `${overall ? 'Overall' : watch.target} status changed: ${previous} → ${current}`,
    text: [
      { icon: 'eyes' },
      ' ',
      { bold: [overall ? 'Overall' : watch.target] },
      ` status changed: ${previous} → `,
      { bold: [current] },
      ' (watch started by ',
      { person: watch.owner },
      '; ',
      { code: `status unstalk${overall ? '' : ` ${watch.target}`}` },
      ' to stop)',
    ],
  };
}
