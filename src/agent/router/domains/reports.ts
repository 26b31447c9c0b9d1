import type { Domain } from '../domain.js';
import { call, incomplete, type Phrasing } from '../parsed-command.js';

/** `report list` (also a bare `report`/`reports`), `report run NAME`. */
const report: Phrasing = ({ words }) => {
  if (words[0] !== 'report' && words[0] !== 'reports') return undefined;
  if (words.length === 1 || words[1] === 'list') return call('report_list', {});
  if (words[1] !== 'run') return undefined;
  const name = words[2];
  return name ? call('report_run', { name }) : incomplete('report_run', {}, 'Which report? e.g. report run weekly-ops ("report list" names them).');
};

/** Scheduled reports: running one now, and listing them. */
export const reportsDomain: Domain = {
  name: 'reports',
  forms: [{ order: 70, rule: report }],
  intents: [],
};
