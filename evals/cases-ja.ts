import { type EvalCase, proposed, ran, refused } from './eval-case.js';

/**
 * Japanese cases mirroring the English ones. Service, alert and version names stay as people type them in
 * Japanese chat (Latin script); the offline router is not expected to read the rest, and is scored honestly.
 */
export const japaneseCases: EvalCase[] = [
  { id: 'ja-status-overview', language: 'ja', user: 'U00VIEWER', message: '本番環境で今動いているものを教えて', expect: [ran('service_status', { environment: 'production' })] },
  { id: 'ja-status-one', language: 'ja', user: 'U00DEV', message: 'authは正常？', expect: [ran('service_status', { service: 'auth' })] },
  { id: 'ja-metrics', language: 'ja', user: 'U00DEV', message: 'frontendの負荷はどう？', expect: [ran('service_metrics', { service: 'frontend' })] },
  {
    id: 'ja-metrics-range',
    language: 'ja',
    user: 'U00SRE',
    message: 'stagingのapiのCPUとレイテンシを過去6時間分見せて',
    expect: [ran('service_metrics', { service: 'api', environment: 'staging', range: '6h' })],
  },
  { id: 'ja-dashboard', language: 'ja', user: 'U00VIEWER', message: 'cpu-usage のダッシュボードを見せて', expect: [ran('dashboard', { name: 'cpu-usage' })] },
  { id: 'ja-history', language: 'ja', user: 'U00DEV', message: 'paymentsの最近のデプロイ履歴は？', expect: [ran('deploy_history', { service: 'payments' })] },
  { id: 'ja-deploy-staging', language: 'ja', user: 'U00DEV', message: 'frontend v2.4.0 を staging にデプロイして', expect: [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' })] },
  { id: 'ja-deploy-production', language: 'ja', user: 'U00LEAD', message: 'api v1.9.0 を本番にデプロイしてください', expect: [proposed('deploy', { service: 'api', environment: 'production', version: 'v1.9.0' })] },
  {
    id: 'ja-rollback',
    language: 'ja',
    user: 'U00LEAD',
    message: '本番のpaymentsをロールバックして。直前のデプロイでチェックアウトが壊れた',
    expect: [proposed('rollback', { service: 'payments', environment: 'production' })],
  },
  { id: 'ja-oncall-team', language: 'ja', user: 'U00VIEWER', message: 'paymentsのオンコールは誰？', expect: [ran('oncall', { about: 'team', team: 'payments' })] },
  { id: 'ja-oncall-ic', language: 'ja', user: 'U00DEV', message: '今週のインシデントコマンダーは誰？', expect: [ran('oncall', { about: 'incident_commander' })] },
  { id: 'ja-oncall-person', language: 'ja', user: 'U00DEV', message: 'Samの電話番号を教えて', expect: [ran('oncall', { about: 'person' })] },
  {
    id: 'ja-page-team',
    language: 'ja',
    user: 'U00DEV',
    message: 'platformチームのオンコールを呼び出して：apiのエラー率が急上昇している',
    expect: [proposed('page', { target: 'team', team: 'platform' })],
  },
  { id: 'ja-alerts', language: 'ja', user: 'U00VIEWER', message: 'frontendで発火中のアラートはある？', expect: [ran('alerts_list', { service: 'frontend' })] },
  {
    id: 'ja-silence',
    language: 'ja',
    user: 'U00SRE',
    message: 'apiのHighLatencyアラートを2時間ミュートして。対応中です',
    expect: [proposed('alert_silence', { alert: 'HighLatency', service: 'api', duration_minutes: 120 })],
  },
  { id: 'ja-runbook', language: 'ja', user: 'U00DEV', message: 'HighErrorRateのランブックを見せて', expect: [ran('runbook', { query: 'HighErrorRate' })] },
  {
    id: 'ja-incident-declare',
    language: 'ja',
    user: 'U00SRE',
    message: '重大度highでインシデントを宣言して：EUのチェックアウトが失敗している',
    expect: [proposed('incident_declare', { severity: 'high' })],
  },
  { id: 'ja-incident-update', language: 'ja', user: 'U00SRE', message: 'INC-2026-0001 のステータスを identified に更新して', expect: [proposed('incident_update', { id: 'INC-2026-0001', status: 'identified' })] },
  { id: 'ja-incident-resolve', language: 'ja', user: 'U00LEAD', message: 'INC-2026-0001 を解決済みにして。修正はデプロイ済み', expect: [proposed('incident_resolve', { id: 'INC-2026-0001' })] },
  { id: 'ja-incident-list', language: 'ja', user: 'U00VIEWER', message: '未解決のインシデントはある？', expect: [ran('incident_list')] },
  { id: 'ja-watch', language: 'ja', user: 'U00DEV', message: 'paymentsのステータスが変わったらここで知らせて', expect: [ran('status_watch', { action: 'stalk', service: 'payments' })] },
  { id: 'ja-release-prepare', language: 'ja', user: 'U00DEV', message: '次のリリースを準備して', expect: [proposed('release_prepare')] },
  { id: 'ja-release-publish', language: 'ja', user: 'U00LEAD', message: 'リリース v2026.11.1 を公開して', expect: [proposed('release_publish', { version: 'v2026.11.1' })] },
  { id: 'ja-audit', language: 'ja', user: 'U00LEAD', message: '監査ログで U00DEV が最近何をしたか見せて', expect: [ran('audit_search', { actor: 'U00DEV' })] },
  { id: 'ja-action-status', language: 'ja', user: 'U00DEV', setup: 'pending-action', message: '{action} の状態は？', expect: [ran('action_status', { id: '{action}' })] },
  { id: 'ja-viewer-deploy', language: 'ja', user: 'U00VIEWER', message: 'payments v5.1.3 を今すぐ本番にデプロイして', expect: [refused('deploy')] },
  {
    id: 'ja-mixed',
    language: 'ja',
    user: 'U00DEV',
    message: 'frontend v2.4.0 をstagingにデプロイして、apiのオンコールが誰か教えて',
    expect: [proposed('deploy', { service: 'frontend', environment: 'staging', version: 'v2.4.0' }), ran('oncall', { team: 'platform' })],
  },
];
