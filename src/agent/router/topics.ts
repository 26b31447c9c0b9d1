import type { ToolGroup } from '../../tools/tool-groups.js';
import type { ParseOptions } from './channel-service.js';
import {
  ALERTS, AUDIT, DASHBOARD, DEPLOY, DEPLOYS, INCIDENT, LOCK, METRICS, ON_CALL, PAGE, type Phrases, RELEASE, ROLLBACK, RUNBOOK, SILENCE, STATUS, UNLOCK, UNSILENCE, WATCH, WATCHES,
} from './intent-vocabulary.js';
import { parseMessage } from './parse-message.js';
import { textMentions } from './sentence.js';
import type { VocabularyConfig } from './vocabulary.js';

/** Words that put a tool group in play even where no rule of the router reads the whole request. */
const GROUP_WORDS: Readonly<Record<ToolGroup, Phrases>> = {
  status: [...STATUS, ...METRICS, ...WATCH, ...WATCHES],
  deploys: [...DEPLOY, ...DEPLOYS, ...ROLLBACK, ...LOCK, ...UNLOCK, 'went out', 'roll it back'],
  oncall: [...ON_CALL, ...PAGE, ...INCIDENT, 'escalate', 'escalation', 'postmortem', 'post-mortem', 'responder', 'responders', '呼び出し', 'エスカレ'],
  alerts: [...ALERTS, ...SILENCE, ...UNSILENCE, ...RUNBOOK, 'silences', 'paging alert'],
  releases: [...RELEASE, 'changelog', 'release notes', 'tag a release', 'リリースノート'],
  kubernetes: ['kubernetes', 'k8s', 'kubectl', 'pod', 'pods', 'namespace', 'namespaces', 'replica', 'replicas', 'scale', 'restart', 'crashloop', 'crashloopbackoff', 'oomkilled', 'node', 'nodes', 'container', 'containers', 'rollout restart', 'ポッド', 'ノード', 'コンテナ', 'レプリカ', '再起動', 'スケール'],
  reports: [...AUDIT, 'report', 'reports', 'summary', 'digest', 'weekly', 'monthly', 'pending action', 'pending actions', 'approved', 'approval', 'who approved', 'レポート', '報告', '週次', '月次', '承認'],
  dashboards: [...DASHBOARD, 'grafana', 'chart', 'charts', 'graph', 'graphs', 'panel', 'plot', 'グラフ', 'チャート'],
};

/** What a message is about, as the router reads it: the tools its requests call, and the groups its words name. */
export interface RequestTopics {
  /** Tools of the requests the router recognised (complete or not), in the order asked. */
  tools: string[];
  /** Groups whose words the message uses, in tool-group order. */
  groups: ToolGroup[];
}

/**
 * The router's classifier, for choosing what a model is offered: deterministic and cheap (no backend is asked).
 * It over-reads on purpose: offering one group too many costs a few hundred tokens, one too few a round trip.
 */
export function requestTopics(text: string, config: VocabularyConfig, options: ParseOptions = {}): RequestTopics {
  const tools = parseMessage(text, config, options).flatMap((part) => (part.kind === 'call' || part.kind === 'incomplete' ? [part.tool] : []));
  const normalized = text.normalize('NFKC');
  const groups = (Object.keys(GROUP_WORDS) as ToolGroup[]).filter((group) => textMentions(normalized, GROUP_WORDS[group]));
  return { tools: [...new Set(tools)], groups };
}
