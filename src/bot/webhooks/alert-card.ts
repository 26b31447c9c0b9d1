import { type Card, type CardButton, type CardSection, isLinkable, type RichText } from '../conversation/card.js';
import { durationWords } from '../presenter/times.js';
import type { AlertGroupRecord, AlertSummary } from './alert-groups.js';

/** Button action ids on event cards; every platform's clicks match on these, and each value is a stored reference. */
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

/** Section ids of an alert card, stable so later edits and tests can find each part. */
export const ALERT_BLOCK_IDS = { title: 'opsbot_alert_title', buttons: 'opsbot_alert_buttons', footer: 'opsbot_alert_footer' } as const;

// A storm of alerts in one group shows the first few and says how many more (Slack allows 50 blocks).
const SHOWN_ALERTS = 10;

/**
 * One card per Alertmanager group: each alert's name, service, environment, severity, summary, how long it has
 * fired and its runbook, with Silence 1h / Runbook / Declare incident / Page on-call while it fires. Everything
 * from Alertmanager is literal text: labels and annotations are data, never mentions or links we did not make.
 */
export function renderAlertCard(group: AlertGroupRecord, now: Date, onCall?: string): Card {
  const firing = group.alerts.filter((alert) => alert.status === 'firing');
  const resolved = group.status === 'resolved';
  const name = group.groupLabels.alertname ?? group.alerts[0]?.name ?? 'alerts';
  const headline: RichText = resolved
    ? [{ icon: 'resolved' }, ' ', { bold: ['Resolved'] }, ' ', { time: group.resolvedAt ?? group.updatedAt }, `: ${name}`]
    : [{ icon: 'firing' }, ' ', { bold: [`Firing (${firing.length})`] }, `: ${name}`];
  // Only a firing card mentions anyone; a resolved update must never notify.
  const mention: RichText = !resolved && onCall ? [' — on call: ', { person: onCall }] : [];
  const sections: CardSection[] = [{ id: ALERT_BLOCK_IDS.title, text: [...headline, ...mention] }];
  const ordered = [...firing, ...group.alerts.filter((alert) => alert.status !== 'firing')];
  ordered.slice(0, SHOWN_ALERTS).forEach((alert, index) => sections.push({ id: `opsbot_alert_${index}`, ...alertSection(alert, now) }));
  const hidden = ordered.length - SHOWN_ALERTS + group.truncatedAlerts;
  const footer: RichText[] = [...(hidden > 0 ? [[`${hidden} more alert(s) in this group`]] : []), ...(group.externalUrl ? [[{ link: group.externalUrl, label: 'Alertmanager' }]] : []), ['group ', { code: group.ref }]];
  const buttons: CardButton[] = resolved
    ? [{ label: 'Runbook', actionId: EVENT_ACTION_IDS.runbook, value: group.ref }]
    : [
        { label: 'Silence 1h', actionId: EVENT_ACTION_IDS.silence, value: group.ref },
        { label: 'Runbook', actionId: EVENT_ACTION_IDS.runbook, value: group.ref },
        { label: 'Declare incident', actionId: EVENT_ACTION_IDS.incident, value: group.ref, style: 'danger' },
        { label: 'Page on-call', actionId: EVENT_ACTION_IDS.page, value: group.ref },
      ];
  // The fallback (notifications, some clients) is literal text too; the mention is in the card itself.
  const fallback = resolved ? `Resolved: ${name} (${group.alerts.length} alert(s))` : `Firing: ${name} (${firing.length} alert(s))`;
  return { fallback, tone: resolved ? 'good' : 'danger', sections, context: footer.flatMap((part, index) => (index ? [' · ', ...part] : part)), buttons };
}

/** The alert as plain facts for a model or a thread reply (no markup). */
export function describeAlertGroup(group: AlertGroupRecord): string {
  const lines = group.alerts.map((alert) => `- ${alert.name} [${alert.status}] service ${alert.service ?? 'unknown'}, environment ${alert.environment ?? 'unknown'}, severity ${alert.severity ?? 'unknown'}, since ${alert.startsAt}${alert.endsAt ? `, ended ${alert.endsAt}` : ''}: ${alert.summary}${alert.runbookUrl ? ` (runbook ${alert.runbookUrl})` : ''}`);
  return [`This thread is about Alertmanager group ${group.ref} (${group.status}${group.resolvedAt ? ` at ${group.resolvedAt}` : ''}):`, ...lines].join('\n');
}

function alertSection(alert: AlertSummary, now: Date): Pick<CardSection, 'text' | 'quote'> {
  const facts: RichText[] = [];
  if (alert.service) facts.push(['service ', { bold: [alert.service] }]);
  if (alert.environment) facts.push(['env ', { bold: [alert.environment] }]);
  if (alert.severity) facts.push(['severity ', { bold: [alert.severity] }]);
  const until = alert.endsAt ? new Date(alert.endsAt) : now;
  const lasted = alert.status === 'firing' ? `firing for ${duration(new Date(alert.startsAt), until)}` : `resolved after ${duration(new Date(alert.startsAt), until)}`;
  const runbook: RichText = alert.runbookUrl ? (isLinkable(alert.runbookUrl) ? [' · ', { link: alert.runbookUrl, label: 'runbook' }] : [` · runbook: ${alert.runbookUrl}`]) : [];
  const text: RichText = [
    { icon: alert.status === 'firing' ? 'firing' : 'resolved' },
    ' ',
    { bold: [alert.name] },
    ...(facts.length ? [' — ', ...facts.flatMap((fact, index) => (index ? [' · ', ...fact] : fact))] : []),
    '\n',
    `${lasted} (since `,
    { time: alert.startsAt },
    ')',
    ...runbook,
  ];
  return { text, ...(alert.summary ? { quote: alert.summary } : {}) };
}

/** `3 minutes`, `2 hours 5 minutes`, `1 day 3 hours`: how long an alert has been firing, in words. */
export function duration(from: Date, to: Date): string {
  return durationWords(to.getTime() - from.getTime());
}
