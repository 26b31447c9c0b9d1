import type { PageRecord } from '../backends/ports/paging.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { KvRepository } from '../store/kv-repository.js';
import { type BriefingPart, briefingMessage } from './briefing-message.js';
import { pageLine, PAGED } from './briefing-parts.js';
import type { OutgoingMessage, PostedMessage } from './posting.js';

const BRIEFINGS = 'incident-briefings';
const BRIEFED_PAGES = 'incident-briefing-pages';

/** An incident's briefing as last drawn: where it is and its parts, so a later fact redraws it in place from any process. */
export interface BriefingRecord {
  posted: PostedMessage;
  incident: Incident;
  parts: BriefingPart[];
}

/** What the provider later said of a page (PagerDuty: acknowledged, resolved), by whom and when. */
export interface PageResponse {
  state: 'acknowledged' | 'resolved';
  by?: string;
  at: string;
}

/** The page a briefing shows, found by its id at the provider (the PagerDuty incident of the page). */
interface BriefedPage {
  incident: string;
  page: PageRecord;
  response?: PageResponse;
}

/** Keeps the briefing as drawn now. */
export function saveBriefing(kv: KvRepository, record: BriefingRecord): Promise<void> {
  return kv.put(BRIEFINGS, record.incident.id, record);
}

/** Remembers which page an incident's briefing shows, so the provider's later word on it finds the briefing. */
export async function rememberBriefedPage(kv: KvRepository, incidentId: string, page: PageRecord): Promise<void> {
  // What PagerDuty already said of it is kept: a page recorded again (a retried page finds its incident) is not news.
  const known = await kv.get<BriefedPage>(BRIEFED_PAGES, page.id);
  await kv.put(BRIEFED_PAGES, page.id, { incident: incidentId, page, ...(known?.response ? { response: known.response } : {}) } satisfies BriefedPage);
}

/** What the provider last said of a page a briefing shows, if anything. */
export async function pageResponseOf(kv: KvRepository, pageId: string): Promise<PageResponse | undefined> {
  return (await kv.get<BriefedPage>(BRIEFED_PAGES, pageId))?.response;
}

/**
 * The briefing of the incident whose page this is, with its Paged part redrawn to say what the provider said
 * (acknowledged by whom, and when), saved as drawn; undefined when no briefing shows this page, or the news is
 * older than what it shows. The caller puts the message where `posted` says, unless the briefing is still being
 * drawn (`drawing`): its workflow's next redraw shows the response, and an edit from here could land after it.
 */
export async function redrawBriefedPage(kv: KvRepository, pageId: string, response: PageResponse, now: Date): Promise<{ posted: PostedMessage; message: OutgoingMessage; incident: string; drawing: boolean } | undefined> {
  const briefed = await kv.get<BriefedPage>(BRIEFED_PAGES, pageId);
  if (!briefed || (briefed.response && briefed.response.at > response.at)) return undefined;
  const record = await kv.get<BriefingRecord>(BRIEFINGS, briefed.incident);
  const index = record?.parts.findIndex((part) => part.title === PAGED) ?? -1;
  if (!record || index < 0) return undefined;
  const parts = record.parts.map((part, at) => (at === index ? { title: PAGED, state: 'ok' as const, text: pageLine(briefed.page, response) } : part));
  await kv.put(BRIEFED_PAGES, pageId, { ...briefed, response } satisfies BriefedPage);
  await saveBriefing(kv, { ...record, parts });
  // Parts still being gathered: the workflow drawing it has a redraw to come, which reads this response first.
  const drawing = parts.some((part) => part.state === 'pending');
  return { posted: record.posted, message: briefingMessage(record.incident, parts, now), incident: briefed.incident, drawing };
}
