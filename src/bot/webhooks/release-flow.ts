import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { canonicalJson, sha256 } from '../../util/canonical-json.js';
import type { Card, RichText } from '../conversation/card.js';
import { EVENT_ACTION_IDS } from './alert-card.js';
import type { GitHubEventHandler } from './github-source.js';
import { channelFor, personOfLogin, serviceOfRepository, withTeam } from './notification-routes.js';
import { MalformedDelivery, type DeliveryOutcome } from './webhook-source.js';

const FLOW = 'github-release-flow';
const REFS = 'release-card-refs';

const pullSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  html_url: z.string(),
  merged: z.boolean().nullish(),
  body: z.string().nullish(),
  labels: z.array(z.object({ name: z.string() })).default([]),
  user: z.object({ login: z.string() }).nullish(),
  merged_by: z.object({ login: z.string() }).nullish(),
  head: z.object({ ref: z.string(), sha: z.string().nullish() }),
  base: z.object({ ref: z.string() }),
  merge_commit_sha: z.string().nullish(),
  updated_at: z.string().nullish(),
});
const pullRequestEventSchema = z.object({ action: z.string(), pull_request: pullSchema, repository: z.object({ full_name: z.string() }), sender: z.object({ login: z.string() }).nullish() });
type PullRequestEvent = z.output<typeof pullRequestEventSchema>;

/** What the release flow remembers per repository: the open release PR and what was merged since it was last updated. */
interface ReleaseFlowState {
  open?: { number: number; version: string; url: string };
  merged: Array<{ number: number; title: string; author: string; mergedBy: string }>;
}

/** What an event card's button refers to: the tool it proposes and the release it is about. */
export interface ReleaseCardRef {
  tool: 'release_prepare' | 'release_publish';
  version: string;
  repository: string;
}

/** What the release flow needs. */
export interface ReleaseFlowDependencies {
  kv: KvRepository;
  config: Pick<Config, 'notifications' | 'services' | 'people' | 'backends'>;
}

/**
 * GitHub `pull_request` events, as the release flow: a release-labelled PR merged into the integration branch
 * while a release PR is open → "N labelled PRs merged since the release PR was last updated — [Update release
 * PR]"; the release PR merged → "Release vX.Y.Z is merged" with its drafted notes and [Publish release].
 * The open release PR is learnt from these same events (opened, edited — which `release_prepare` causes).
 */
export function pullRequestHandler(deps: ReleaseFlowDependencies): GitHubEventHandler<PullRequestEvent> {
  const releases = deps.config.backends.releases;
  const integrationBranch = releases.adapter === 'github' ? releases.integrationBranch : 'main';
  const label = releases.adapter === 'github' ? releases.label : 'release';
  // One repository's events in order, so two merges a moment apart edit one card instead of posting two.
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.catch(() => undefined).then(work);
    queue = next;
    return next;
  };
  return {
    event: 'pull_request',
    parse(payload) {
      const parsed = pullRequestEventSchema.safeParse(payload);
      if (!parsed.success) throw new MalformedDelivery(`not a pull_request event: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`);
      return ['opened', 'reopened', 'edited', 'closed'].includes(parsed.data.action) && parsed.data.pull_request.base.ref === integrationBranch ? parsed.data : undefined;
    },
    // Which PR, what happened to it, at which commit and when: an edit later is another event, a replay is not.
    identity: (event) => {
      const pull = event.pull_request;
      return `${event.repository.full_name}#${pull.number} ${event.action} ${pull.merge_commit_sha ?? pull.head.sha ?? '-'} ${pull.updated_at ?? sha256(canonicalJson(pull))}`;
    },
    handle: (event) => inOrder(() => handlePull(deps, event, label)),
  };
}

async function handlePull(deps: ReleaseFlowDependencies, event: PullRequestEvent, label: string): Promise<DeliveryOutcome> {
  const repository = event.repository.full_name;
  const pull = event.pull_request;
  const version = releaseVersionOf(pull.head.ref);
  if (version) return onReleasePull(deps, event, version);
  if (event.action !== 'closed' || !pull.merged || !pull.labels.some((entry) => entry.name === label)) return { outcome: 'ignored', detail: `#${pull.number} is not a merged ${label}-labelled PR` };
  let counted: ReleaseFlowState | undefined;
  const state = await deps.kv.update<ReleaseFlowState>(FLOW, repository.toLowerCase(), () => ({ merged: [] }), (current) => {
    if (!current.open || current.merged.some((entry) => entry.number === pull.number)) return current;
    counted = { ...current, merged: [...current.merged, { number: pull.number, title: pull.title, author: pull.user?.login ?? '', mergedBy: pull.merged_by?.login ?? event.sender?.login ?? '' }] };
    return counted;
  });
  if (!counted || !state.open) return { outcome: 'ignored', detail: `#${pull.number} merged with no release PR open` };
  return postUpdateCard(deps, repository, state);
}

/** The version of a release PR's branch (`release/v2026.11.0`), as release_prepare names it. */
export function releaseVersionOf(branch: string): string | undefined {
  return /^release\/(v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?)$/.exec(branch)?.[1];
}

/** The button reference for a release card, stored so a click reads its tool and version from the store. */
export async function storeReleaseRef(kv: KvRepository, ref: ReleaseCardRef): Promise<string> {
  const key = `rl_${sha256(`${ref.repository}\n${ref.tool}\n${ref.version}`).slice(0, 20)}`;
  await kv.put(REFS, key, ref);
  return key;
}

export function releaseRef(kv: KvRepository, key: string): Promise<ReleaseCardRef | undefined> {
  return kv.get<ReleaseCardRef>(REFS, key);
}

async function onReleasePull(deps: ReleaseFlowDependencies, event: PullRequestEvent, version: string): Promise<DeliveryOutcome> {
  const repository = event.repository.full_name;
  const pull = event.pull_request;
  const key = repository.toLowerCase();
  if (event.action !== 'closed') {
    // Opened or updated (release_prepare edits it in place): merges counted so far are now in it.
    await deps.kv.update<ReleaseFlowState>(FLOW, key, () => ({ merged: [] }), () => ({ open: { number: pull.number, version, url: pull.html_url }, merged: [] }));
    return { outcome: 'ignored', detail: `release PR #${pull.number} (${version}) ${event.action}` };
  }
  await deps.kv.update<ReleaseFlowState>(FLOW, key, () => ({ merged: [] }), () => ({ merged: [] }));
  if (!pull.merged) return { outcome: 'ignored', detail: `release PR #${pull.number} closed without merging` };
  const channel = channelOf(deps, repository);
  if (!channel) return { outcome: 'unrouted', detail: `release ${version} merged in ${repository}` };
  const ref = await storeReleaseRef(deps.kv, { tool: 'release_publish', version, repository });
  const notes: RichText = pull.body?.trim() ? [truncate(pull.body.trim(), 2500)] : [{ italic: ['No notes were drafted in the release PR.'] }];
  const by = personOfLogin(deps.config, pull.merged_by?.login ?? event.sender?.login);
  const card: Card = {
    fallback: `Release ${version} is merged`,
    tone: 'good',
    sections: [
      { id: 'opsbot_release_title', text: [{ icon: 'ok' }, ' ', { bold: [`Release ${version} is merged`] }, ' (', { link: pull.html_url, label: `#${pull.number}` }, ', merged by ', by, ')'] },
      { id: 'opsbot_release_notes', text: notes },
    ],
    buttons: [{ actionId: EVENT_ACTION_IDS.releasePublish, label: 'Publish release', style: 'primary', value: ref }],
  };
  return { outcome: 'queued', detail: `release ${version} merged card for ${channel}`, messages: [{ purpose: 'release-card', channel, content: card }] };
}

async function postUpdateCard(deps: ReleaseFlowDependencies, repository: string, state: ReleaseFlowState): Promise<DeliveryOutcome> {
  const open = state.open!;
  const channel = channelOf(deps, repository);
  if (!channel) return { outcome: 'unrouted', detail: `${state.merged.length} labelled PR(s) merged in ${repository} since release PR #${open.number}` };
  const ref = await storeReleaseRef(deps.kv, { tool: 'release_prepare', version: open.version, repository });
  const lines: RichText = state.merged.flatMap((entry, index) => [index ? '\n' : '', `• #${entry.number} ${truncate(entry.title, 200)} by `, personOfLogin(deps.config, entry.author), ', merged by ', personOfLogin(deps.config, entry.mergedBy)]);
  const headline: RichText = [{ icon: 'info' }, ' ', { bold: [`${state.merged.length} labelled PR${state.merged.length === 1 ? '' : 's'} merged since the release PR was last updated`] }, ' (', { link: open.url, label: `#${open.number}` }, `, ${open.version})`];
  const card: Card = {
    fallback: `${state.merged.length} labelled PR(s) merged since the release PR was last updated`,
    sections: [
      { id: 'opsbot_release_title', text: headline },
      { id: 'opsbot_release_pulls', text: lines },
    ],
    buttons: [{ actionId: EVENT_ACTION_IDS.releasePrepare, label: 'Update release PR', value: ref }],
  };
  // One card per count (since the release PR was last updated; its first merge names it), edited as more merges
  // are counted: the outbox posts the first and edits with the rest.
  const round = state.merged[0]?.number ?? 0;
  return { outcome: 'queued', detail: `release update card for #${open.number}`, messages: [{ cardKey: `release-update:${repository.toLowerCase()}#${open.number}:${round}`, purpose: 'release-card', channel, content: card }] };
}

function channelOf(deps: ReleaseFlowDependencies, repository: string): string | undefined {
  return channelFor(deps.config, withTeam(deps.config, { service: serviceOfRepository(deps.config, repository) }));
}

/** Cuts literal text to at most `max` characters, marking the cut. */
function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
