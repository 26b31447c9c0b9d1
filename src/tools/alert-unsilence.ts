import { z } from 'zod';
import type { Silence } from '../backends/ports/alerts.js';
import { ToolFailure } from '../errors.js';
import { defineTool } from './define-tool.js';
import type { Catalog } from './catalog.js';

/** `alert_unsilence`: end a silence early, by its id or by the alert (and service) it covers. */
export function alertUnsilenceTool(catalog: Catalog) {
  return defineTool({
    name: 'alert_unsilence',
    group: 'alerts',
    commands: [
      { command: 'alerts', usage: 'alerts unsilence ALERT [SERVICE] | alerts unsilence SILENCE-ID', summary: 'end a silence early ("unsilence HighErrorRate api")', words: ['unsilence'], roles: { alert: 'alert', service: 'service' } },
    ],
    title: 'Expire a silence',
    description: 'Expire a silence by silence_id, or those covering an alert.',
    input: z.object({
      silence_id: z.string().min(1).max(100).optional(),
      alert: z.string().min(1).max(100).optional(),
      service: catalog.service.optional(),
    }),
    effect: 'mutate',
    destructive: false,
    idempotent: true,
    // Whoever may silence may also lift a silence: the same permission, so roles need no new grant.
    permission: { verb: 'alert', scopes: ['silence'], scopeOf: () => 'silence' },
    describe: (args) => `expire ${args.silence_id ? `silence ${args.silence_id}` : `silences of ${args.alert}${args.service ? ` for ${args.service}` : ''}`}`,
    // The approver sees exactly which silences end; only those are expired, even if others appear meanwhile.
    async preview(args, { backends }) {
      const silences = covered(args, await backends.alerts.activeSilences(args.alert ? { alertName: args.alert, service: args.service } : {}));
      return { silences: silences.map((silence) => silence.id).join(', '), covers: silences.map((silence) => describeSilence(silence, 'until')).join('; ') };
    },
    async run(args, { backends, approvedPreview }) {
      const ids = approvedPreview?.silences ? approvedPreview.silences.split(', ') : covered(args, await backends.alerts.activeSilences()).map((silence) => silence.id);
      const expired = await backends.alerts.unsilence(ids);
      if (expired.length === 0) throw new ToolFailure(`Nothing expired: ${ids.join(', ')} had already ended.`);
      return { text: `Expired ${expired.length} silence(s): ${expired.map((silence) => describeSilence(silence, 'ended')).join('; ')}.`, data: { silences: expired } };
    },
  });
}

function covered(args: { silence_id?: string; alert?: string; service?: string }, active: Silence[]): Silence[] {
  if (!args.silence_id && !args.alert) throw new ToolFailure('Which silence? Give silence_id, or the alert it covers.');
  const found = active.filter((silence) => (!args.silence_id || silence.id === args.silence_id) && (!args.alert || silence.alertName.toLowerCase() === args.alert.toLowerCase()) && (!args.service || silence.service === args.service));
  if (found.length === 0) throw new ToolFailure(`No silence in force ${args.silence_id ? `with id ${args.silence_id}` : `for ${args.alert}${args.service ? ` on ${args.service}` : ''}`}.`);
  return found;
}

function describeSilence(silence: Silence, word: 'until' | 'ended'): string {
  return `${silence.id} (${silence.alertName}${silence.service ? ` ${silence.service}` : ''}${silence.environment ? ` ${silence.environment}` : ''}, ${word} ${silence.endsAt})`;
}
