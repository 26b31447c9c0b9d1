import type { KnownBlock } from '@slack/types';
import type { RenderedMessage } from '../presenter/block-kit.js';
import { durationWords } from '../presenter/times.js';
import { escapeMrkdwn, slackDate, slackLink, truncate } from '../slack/mrkdwn.js';
import type { AlertGroupRecord, AlertSummary } from './alert-groups.js';

/** Button action ids on event cards; the Slack listeners match on these, and each value is a stored reference. */
export const EVENT_ACTION_IDS = {
  silence: 'opsbot_alert_silence',
  runbook: 'opsbot_alert_runbook',
  incident: 'opsbot_alert_incident',
  page: 'opsbot_alert_page',
  releasePrepare: 'opsbot_release_prepare',
  releasePublish: 'opsbot_release_publish',
  pagerDutyAcknowledge: 'opsbot_pagerduty_acknowledge',
  pagerDutyResolve: 'opsbot_pagerduty_resolve',
  workloadLogs: 'opsbot_workload_logs',
  workloadDescribe: 'opsbot_workload_describe',
  workloadRestart: 'opsbot_workload_restart',
  workloadRollback: 'opsbot_workload_rollback',
  workloadIncident: 'opsbot_workload_incident',
} as const;

/** Block ids of an alert card, stable so later edits and tests can find each part. */
export const ALERT_BLOCK_IDS = { title: 'opsbot_alert_title', buttons: 'opsbot_alert_buttons', footer: 'opsbot_alert_footer' } as const;

// Slack allows 50 blocks; a storm of alerts in one group shows the first few and says how many more.
const SHOWN_ALERTS = 10;

/**
 * One card per Alertmanager group: each alert's name, service, environment, severity, summary, how long it has
 * fired and its runbook, with Silence 1h / Runbook / Declare incident / Page on-call while it fires. Everything
 * from Alertmanager is escaped: labels and annotations are data, never mentions or links we did not make.
 */
export function renderAlertCard(group: AlertGroupRecord, now: Date, onCall?: string): RenderedMessage {
  const firing = group.alerts.filter((alert) => alert.status === 'firing');
  const resolved = group.status === 'resolved';
  const name = group.groupLabels.alertname ?? group.alerts[0]?.name ?? 'alerts';
  const headline = resolved
    ? `:white_check_mark: *Resolved* ${slackDate(group.resolvedAt ?? group.updatedAt)}: ${escapeMrkdwn(name)}`
    : `:rotating_light: *Firing (${firing.length})*: ${escapeMrkdwn(name)}`;
  // Only a firing card mentions anyone; a resolved update must never notify.
  const mention = !resolved && onCall ? ` — on call: <@${onCall}>` : '';
  const blocks: KnownBlock[] = [{ type: 'section', block_id: ALERT_BLOCK_IDS.title, text: { type: 'mrkdwn', text: `${headline}${mention}` } }];
  const ordered = [...firing, ...group.alerts.filter((alert) => alert.status !== 'firing')];
  ordered.slice(0, SHOWN_ALERTS).forEach((alert, index) => blocks.push({ type: 'section', block_id: `opsbot_alert_${index}`, text: { type: 'mrkdwn', text: truncate(alertLines(alert, now), 3000) } }));
  const hidden = ordered.length - SHOWN_ALERTS + group.truncatedAlerts;
  const footer = [hidden > 0 ? `${hidden} more alert(s) in this group` : '', group.externalUrl ? slackLink(group.externalUrl, 'Alertmanager') : '', `group \`${group.ref}\``].filter(Boolean);
  blocks.push({ type: 'context', block_id: ALERT_BLOCK_IDS.footer, elements: [{ type: 'mrkdwn', text: footer.join(' · ') }] });
  const buttons = resolved
    ? [button('Runbook', EVENT_ACTION_IDS.runbook, group.ref)]
    : [button('Silence 1h', EVENT_ACTION_IDS.silence, group.ref), button('Runbook', EVENT_ACTION_IDS.runbook, group.ref), button('Declare incident', EVENT_ACTION_IDS.incident, group.ref, 'danger'), button('Page on-call', EVENT_ACTION_IDS.page, group.ref)];
  blocks.push({ type: 'actions', block_id: ALERT_BLOCK_IDS.buttons, elements: buttons });
  // The fallback (notifications, some clients) is Slack text too: escaped like every block.
  const text = resolved ? `Resolved: ${escapeMrkdwn(name)} (${group.alerts.length} alert(s))` : `Firing: ${escapeMrkdwn(name)} (${firing.length} alert(s))${onCall ? ` — on call <@${onCall}>` : ''}`;
  return { text: truncate(text, 3000), blocks };
}

/** The alert as plain facts for a model or a thread reply (no markup). */
export function describeAlertGroup(group: AlertGroupRecord): string {
  const lines = group.alerts.map((alert) => `- ${alert.name} [${alert.status}] service ${alert.service ?? 'unknown'}, environment ${alert.environment ?? 'unknown'}, severity ${alert.severity ?? 'unknown'}, since ${alert.startsAt}${alert.endsAt ? `, ended ${alert.endsAt}` : ''}: ${alert.summary}${alert.runbookUrl ? ` (runbook ${alert.runbookUrl})` : ''}`);
  return [`This thread is about Alertmanager group ${group.ref} (${group.status}${group.resolvedAt ? ` at ${group.resolvedAt}` : ''}):`, ...lines].join('\n');
}

function alertLines(alert: AlertSummary, now: Date): string {
  const facts = [alert.service && `service *${escapeMrkdwn(alert.service)}*`, alert.environment && `env *${escapeMrkdwn(alert.environment)}*`, alert.severity && `severity *${escapeMrkdwn(alert.severity)}*`].filter(Boolean).join(' · ');
  const until = alert.endsAt ? new Date(alert.endsAt) : now;
  const lasted = alert.status === 'firing' ? `firing for ${duration(new Date(alert.startsAt), until)}` : `resolved after ${duration(new Date(alert.startsAt), until)}`;
  const runbook = alert.runbookUrl ? (/^https?:\/\//.test(alert.runbookUrl) ? ` · ${slackLink(alert.runbookUrl, 'runbook')}` : ` · runbook: ${escapeMrkdwn(alert.runbookUrl)}`) : '';
  const icon = alert.status === 'firing' ? ':red_circle:' : ':large_green_circle:';
  return [`${icon} *${escapeMrkdwn(alert.name)}*${facts ? ` — ${facts}` : ''}`, alert.summary ? `>${escapeMrkdwn(alert.summary)}` : '', `${lasted} (since ${slackDate(alert.startsAt)})${runbook}`].filter(Boolean).join('\n');
}

function button(text: string, actionId: string, value: string, style?: 'danger' | 'primary') {
  return { type: 'button' as const, action_id: actionId, text: { type: 'plain_text' as const, text }, value, ...(style ? { style } : {}) };
}

/** `3 minutes`, `2 hours 5 minutes`, `1 day 3 hours`: how long an alert has been firing, in words. */
export function duration(from: Date, to: Date): string {
  return durationWords(to.getTime() - from.getTime());
}
