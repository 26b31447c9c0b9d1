/**
 * The words that signal each intent, English and Japanese side by side. A phrase written in Latin letters is
 * matched as whole words ("on call" matches "who's on call", not "upon calling"); a Japanese phrase is matched as
 * a substring, since Japanese writes no spaces ("paymentsのオンコールは誰？"). A Japanese match right after 未
 * ("not yet") does not count, so 未解決 (unresolved) never reads as 解決 (resolve).
 */
export type Phrases = readonly string[];

/** Asking about the audit log. */
export const AUDIT: Phrases = ['audit', 'audit log', 'audit trail', '監査'];

/** Closing an incident. */
export const RESOLVE: Phrases = ['resolve', 'resolved', 'close', 'close out', '解決', '解消', 'クローズ', '閉じ', '収束', '終息'];

/** Changing an incident (with its id). */
export const UPDATE: Phrases = ['update', 'mark', 'set', 'change', 'move', 'assign', 'escalate', 'downgrade', 'note', '更新', '変更', '変えて', '担当', 'メモ'];

/** Declaring a new incident. */
export const DECLARE: Phrases = ['declare', 'raise', 'file', 'open a', 'open an', 'start a', 'start an', 'create a', 'create an', 'new incident', '宣言', '起票', '立てて', '立ち上げ'];

/** Incidents as a subject. */
export const INCIDENT: Phrases = ['incident', 'incidents', 'outage', 'outages', 'インシデント', '障害'];

/** Incidents beyond the open ones. */
export const ALL_INCIDENTS: Phrases = ['all', 'closed', 'resolved', 'past', 'previous', 'old', '解決済', '過去', 'すべて', '全て', '全部', 'クローズ済'];

/** Who is on call. */
export const ON_CALL: Phrases = ['on call', 'on-call', 'oncall', 'on duty', 'rotation', 'pager', 'オンコール', '当番', '待機'];

/** The incident commander. */
export const INCIDENT_COMMANDER: Phrases = ['incident commander', 'ic', 'インシデントコマンダー', 'コマンダー', '指揮官'];

/** Everyone on call. */
export const EVERYONE: Phrases = ['responders', 'everyone', 'everybody', 'all hands', '全員', '対応者'];

/** Someone's contact details. */
export const CONTACT: Phrases = ['phone', 'phone number', 'contact', 'contact details', 'email', 'e-mail', 'reach', 'number', '電話', '連絡先', 'メール', '番号'];

/** Paging someone. */
export const PAGE: Phrases = ['page', 'wake up', 'call out', '呼び出', '呼んで', 'ページして', 'ページング', '招集'];

/** Silencing an alert (verbs only: "silenced alerts" is a list). */
export const SILENCE: Phrases = ['silence', 'mute', 'snooze', 'shush', 'quiet', 'ミュートして', 'ミュートにして', 'ミュートする', 'ミュートしておいて', '黙らせ', 'サイレンスして', '抑制して'];

/** Runbooks. */
export const RUNBOOK: Phrases = ['runbook', 'runbooks', 'run book', 'playbook', 'playbooks', '手順書', 'ランブック', 'プレイブック', '対応手順'];

/** Asking for the steps of a situation ("what are the steps when the session store dies?"): its runbook. */
export const STEPS: Phrases = ['what are the steps', 'the steps when', 'the steps if', 'steps for when', 'what do we do', 'what do i do', 'what should we do', 'what should i do', 'what to do', 'procedure', 'procedures', '手順', 'どうすれば'];

/** Asking how to handle something ("how do I fix …", "どう対応すれば"): with an alert name, its runbook. */
export const HANDLING: Phrases = ['how do i', 'how do we', 'how to', 'how should', 'fix', 'handle', 'deal with', 'respond to', 'mitigate', '対応', '対処', 'どうすれば', '直し方', '直す'];

/** Rolling a service back. */
export const ROLLBACK: Phrases = ['rollback', 'roll back', 'roll-back', 'revert', 'undo', 'ロールバック', '切り戻', '切戻', '戻して'];

/** Releases of the product (not deploys of one service). */
export const RELEASE: Phrases = ['release', 'releases', 'リリース'];

/** Starting a release. */
export const PREPARE: Phrases = ['prepare', 'cut', 'create', 'start', 'kick off', 'kickoff', 'next', 'new', 'draft', 'begin', 'do', '準備', '作成', '切って', '用意', '次', 'よろしく', 'お願い', 'おねがい', '頼む', 'やって', '進めて'];

/** Finishing a release. */
export const PUBLISH: Phrases = ['publish', 'tag', 'finalize', 'finalise', '公開', '発行', 'タグ'];

/** Deploying, as a verb ("デプロイ履歴" is history, "デプロイ済み" a statement: only verb forms count in Japanese). */
export const DEPLOY: Phrases = ['deploy', 'ship', 'push', 'roll out', 'rollout', 'promote', 'デプロイし', 'デプロイを', 'デプロイお願い', '反映して'];

/** "get api v1.9.0 out to staging", "let's get it out": a deploy said with "get … out" (at most four words between). */
export const GET_OUT = /\bget\s+(?:[^\s?!,]+\s+){0,4}?out\b(?!\s+of\b)/iu;

/** Deploys as a thing that happened. */
export const DEPLOYS: Phrases = ['deploys', 'deployments', 'deployment', 'deployed', 'shipped', 'released', 'rollbacks', 'went out', 'gone out', 'デプロイ'];

/** Looking back in time. */
export const HISTORY: Phrases = ['history', 'recent', 'recently', 'lately', 'last', 'latest', 'past', 'previous', 'changed', 'changes', 'log', 'when', '履歴', '最近', '直近', '過去', '前回', 'いつ', '変更'];

/** Watching a service's status. */
export const WATCH: Phrases = ['watch', 'stalk', 'follow', 'keep an eye on', 'keep me posted', 'ウォッチ', '見張', '監視して'];

/** No longer watching. */
export const UNWATCH: Phrases = ['unwatch', 'unstalk', 'unfollow', 'stop watching', 'stop notifying', 'stop telling', 'ウォッチ解除', 'ウォッチを解除', 'ウォッチをやめ', 'ウォッチを止め', '通知を止め', '通知を停止', '通知をやめ', '通知をオフ', '監視をやめ'];

/** Listing watches. */
export const WATCHES: Phrases = ['watches', 'watching', 'stalking', 'ウォッチ一覧', 'ウォッチ中'];

/** Asking to be told. */
export const NOTIFY: Phrases = ['let me know', 'notify', 'tell me', 'ping me', 'alert me', 'message me', '知らせ', '通知', '教えて', '連絡'];

/** A change worth being told about. */
export const CHANGE: Phrases = ['change', 'changes', 'changed', 'changing', 'goes down', 'goes up', 'recovers', 'breaks', 'flips', 'comes back', 'is back', '変わ', '変化', '変更', 'なったら', '落ちたら', '復旧したら'];

/** Locking deploys of a service in an environment. */
export const LOCK: Phrases = ['lock', 'freeze', 'ロックして', 'ロックを', 'ロックする', '凍結'];

/** Lifting a deploy lock; checked before LOCK, which "ロックを解除" would otherwise look like. */
export const UNLOCK: Phrases = ['unlock', 'unfreeze', 'lift the lock', 'remove the lock', 'ロックを解除', 'ロック解除', 'ロックを外', 'アンロック', '凍結を解除', '凍結解除'];

/** A configured dashboard as a subject. */
export const DASHBOARD: Phrases = ['dashboard', 'dashboards', 'ダッシュボード'];

/** Alerts as a subject. */
export const ALERTS: Phrases = ['alert', 'alerts', 'alerting', 'firing', 'fired', 'アラート', '発火', '警告', '鳴って'];

/** Lifting a silence; checked before SILENCE, which "ミュートを解除" would otherwise look like. */
export const UNSILENCE: Phrases = ['unsilence', 'unmute', 'lift the silence', 'end the silence', 'ミュートを解除', 'ミュート解除', 'サイレンスを解除', '抑制を解除'];

/** Alerts including silenced ones. */
export const SILENCED: Phrases = ['silenced', 'muted', 'all', 'ミュート中', 'すべて', '全て', '全部'];

/** Load and performance figures. */
export const METRICS: Phrases = [
  'load', 'busy', 'metrics', 'cpu', 'latency', 'traffic', 'throughput', 'rps', 'qps', 'performance', 'performing', 'requests', 'error rate', 'errors', 'memory', 'slow', 'p95', 'p99',
  '負荷', 'レイテンシ', '遅延', 'メトリクス', 'エラー率', 'トラフィック', 'リクエスト', '性能', 'パフォーマンス', '遅い', '重い', 'スループット',
];

/** Asking for health by name: enough on its own ("status?", "状態は？"). */
export const STATUS: Phrases = ['status', 'health', 'healthy', 'state', 'overview', 'all good', 'ok', 'okay', '状態', '状況', 'ステータス', '正常', '健全', 'ヘルス', '大丈夫'];

/** Words about running software that mean status only next to a service or environment ("is api down", not "set up"). */
export const RUNNING: Phrases = ['up', 'down', 'running', 'deployed', 'version', 'versions', 'live', 'broken', 'working', 'check', 'checking', 'look at', 'look into', 'take a look', '確認', '動いて', '稼働', '落ちて', 'ダウン', 'バージョン', '生きて'];

/** Taking ownership of an incident. */
export const OWNER: Phrases = ['owner', 'assign', 'assigned', 'take over', 'owned', '担当', 'オーナー'];

/** Severity levels by what people call them; Japanese 高/中/低 only count next to a severity label (see severityIn). */
export const SEVERITY_WORDS: Readonly<Record<string, Phrases>> = {
  critical: ['critical', 'sev1', 'sev-1', 'sev 1', 'p1', '緊急', '致命的', 'クリティカル', '最重要'],
  high: ['high', 'sev2', 'sev-2', 'sev 2', 'p2', 'major', '重大な', '重大インシデント'],
  medium: ['medium', 'sev3', 'sev-3', 'sev 3', 'p3', 'moderate'],
  low: ['low', 'sev4', 'sev-4', 'sev 4', 'p4', 'minor', '軽微'],
};

/** Japanese severity values written after a label such as 重大度 (重大度高, 深刻度：中). */
export const JAPANESE_SEVERITY_VALUES: Readonly<Record<string, string>> = { 致命的: 'critical', 緊急: 'critical', 重大: 'high', 高: 'high', 中: 'medium', 低: 'low' };

/** Labels that introduce a severity. */
export const SEVERITY_LABELS: Phrases = ['severity', 'sev', 'priority', '重大度', '深刻度', '優先度', '緊急度'];

/** Incident statuses by what people call them. */
export const STATUS_WORDS: Readonly<Record<string, Phrases>> = {
  identified: ['identified', '特定'],
  investigating: ['investigating', '調査中'],
  monitoring: ['monitoring', '監視中', '経過観察', 'モニタリング', '様子見'],
};

/** Questions about people or causes rather than state. */
export const WHO_OR_WHY: Phrases = ['who', "who's", 'whos', 'why', 'whose', '誰', 'なぜ', 'どうして', 'なんで'];

/** Telling opsbot not to do something: "don't deploy …" must never become a proposal. */
export const NEGATION: Phrases = ["don't", 'dont', 'do not', 'never', 'no need to', "shouldn't", 'should not', 'しないで', 'しなくて', 'ないで', 'するな', '不要'];

/** Words that open a question rather than a request to change something. */
export const QUESTION_STARTS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'did', 'does', 'do', 'what', "what's", 'whats', 'when', 'who', "who's", 'whos', 'why', 'how', "how's", 'hows', 'which', 'where', 'any', 'should', 'shall']);

/** Words an English request starts with, so a clause after "and" is a second request rather than more detail. */
export const REQUEST_STARTS = new Set([
  ...QUESTION_STARTS, 'show', 'list', 'tell', 'give', 'get', 'check', 'find', 'let', 'look', 'can', 'could', 'would', 'please',
  'deploy', 'ship', 'push', 'promote', 'roll', 'rollback', 'revert', 'page', 'silence', 'mute', 'snooze', 'resolve', 'close', 'mark', 'update',
  'declare', 'raise', 'open', 'prepare', 'publish', 'cut', 'release', 'watch', 'stalk', 'follow', 'unwatch', 'unstalk', 'notify', 'ping', 'audit',
  'status', 'alerts', 'incidents', 'incident', 'oncall', 'runbook', 'ic',
]);

/** Japanese sentence ends that make a clause a request or a question (して, 教えて, ください, …？). */
export const JAPANESE_REQUEST_ENDINGS: Phrases = ['て', 'ください', '下さい', 'お願い', 'おねがい', 'ほしい', 'たい', 'しろ', 'せよ', '頼む', '?', 'か', 'かな', 'は', '誰', 'どう', 'どれ', 'いつ'];

/** Japanese forms that ask for something to be done, so a trailing ？ does not make the sentence a question. */
export const JAPANESE_IMPERATIVES: Phrases = ['して', 'ください', '下さい', 'お願い', 'おねがい', 'しろ', 'せよ', 'てほしい', 'たい', '頼む'];

/** Environments by their Japanese names, used only when the English name is configured. */
export const JAPANESE_ENVIRONMENTS: ReadonlyArray<[string, string]> = [
  ['本番', 'production'],
  ['ステージング', 'staging'],
  ['検証環境', 'staging'],
  ['開発環境', 'development'],
];
