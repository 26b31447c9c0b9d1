import { randomUUID } from 'node:crypto';
import type { ActionState } from '../actions/action-state.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { KvRepository } from '../store/kv-repository.js';
import { claimOnce } from '../store/replica-claim.js';

const TOOL = 'postmortem_publish';
const CLAIMS = 'workflow-postmortem-file-claims';
const CLAIM_LAPSE_MS = 2 * 60_000;

/** A file to put in a conversation; the same shape as the conversation port's `ChatFile`. */
export interface RoomFile {
  bytes: Buffer;
  filename: string;
  mimeType: string;
  title: string;
}

/**
 * Puts a file in a conversation (a channel ref: `teams:19:…`, a bare id is Slack). Shaped like `ConversationPort.upload`;
 * front ends hand in their rooms' poster (src/bot/conversation/room-poster.ts), which uploads on the room's platform.
 */
export type FileUpload = (place: { channel: string; thread?: string }, file: RoomFile) => Promise<void>;

/** What the delivery is built from. */
export interface PostmortemDeliveryOptions {
  kv: KvRepository;
  upload: FileUpload;
  /** The conversation of an incident's room, when opsbot opened one. */
  roomOf(incidentId: string): Promise<string | undefined>;
  track: (label: string, work: Promise<unknown>) => void;
  onError?: (error: unknown) => void;
}

/**
 * When a postmortem draft is published (its pull request opened, any front end), the same Markdown goes into the
 * incident's room as a file, once per publication across replicas: people in the room read the draft where they
 * are, and it is the very text the pull request proposes.
 */
export class PostmortemDelivery {
  private readonly instance = randomUUID();

  constructor(private readonly options: PostmortemDeliveryOptions) {}

  readonly onActionChange = (action: PendingAction, state: ActionState): void => {
    if (state !== 'succeeded' || action.tool !== TOOL) return;
    this.options.track(`postmortem file ${action.id}`, this.deliver(action).catch((error: unknown) => this.options.onError?.(error)));
  };

  async deliver(action: PendingAction): Promise<boolean> {
    const data = action.result?.data as { incident?: string; path?: string; markdown?: string; pull?: { url?: string } } | undefined;
    if (!data?.incident || !data.markdown) return false;
    const room = await this.options.roomOf(data.incident);
    if (!room || !(await claimOnce(this.options.kv, CLAIMS, action.id, this.instance, CLAIM_LAPSE_MS))) return false;
    const filename = data.path?.split('/').at(-1) ?? `${data.incident}-postmortem.md`;
    await this.options.upload({ channel: room }, { bytes: Buffer.from(data.markdown, 'utf8'), filename, mimeType: 'text/markdown', title: `Postmortem draft of ${data.incident}${data.pull?.url ? ` (${data.pull.url})` : ''}` });
    return true;
  }
}
