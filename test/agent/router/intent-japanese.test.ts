import { describe, expect, it } from 'vitest';
import { parse as parseCommand } from '../../../src/agent/router/index.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();

// Simple Japanese, written without spaces the way people type it, worded unlike the eval cases.
const CALLS: Array<[string, string, Record<string, unknown>]> = [
  ['ステージングのアラートを見せて', 'alerts_list', { environment: 'staging' }],
  ['paymentsでアラート鳴ってる？', 'alerts_list', { service: 'payments' }],
  ['ミュート中のアラートも含めて全部見せて', 'alerts_list', { include_silenced: true }],
  ['障害は起きてる？', 'incident_list', {}],
  ['過去のインシデントを全部見せて', 'incident_list', { open_only: false }],
  ['INC-2026-0001 は解決済み？', 'incident_list', { id: 'INC-2026-0001' }],
  ['INC-2026-0001 を監視中にして。エラー率が下がった', 'incident_update', { id: 'INC-2026-0001', status: 'monitoring', note: 'エラー率が下がった' }],
  ['INC-2026-0001 の担当を U00SRE に変更して', 'incident_update', { id: 'INC-2026-0001', owner: 'U00SRE' }],
  ['INC-2026-0001 をクローズして', 'incident_resolve', { id: 'INC-2026-0001' }],
  ['緊急のインシデントを宣言して：決済が全件失敗', 'incident_declare', { title: '決済が全件失敗', severity: 'critical' }],
  ['深刻度は中で「auth ログイン失敗」のインシデントを起票して', 'incident_declare', { title: 'auth ログイン失敗', severity: 'medium' }],
  ['HighLatencyの手順書はどこ？', 'runbook', { query: 'HighLatency' }],
  ['authのランブックを開いて', 'runbook', { query: 'auth' }],
  ['新しいリリースを作成して', 'release_prepare', {}],
  ['v2026.12.0 のリリースを公開してください', 'release_publish', { version: 'v2026.12.0' }],
  ['payments v5.2.0 をステージングに反映して', 'deploy', { service: 'payments', version: 'v5.2.0', environment: 'staging' }],
  ['ステージングのauthを切り戻して', 'rollback', { service: 'auth', environment: 'staging' }],
  ['本番環境のfrontendを前のバージョンに戻して', 'rollback', { service: 'frontend', environment: 'production' }],
  ['apiはいつデプロイされた？', 'deploy_history', { service: 'api' }],
  ['webチームを呼び出して、CDNが落ちている', 'page', { target: 'team', team: 'web', message: 'CDNが落ちている' }],
  ['全員呼び出して：全面障害', 'page', { target: 'responders', message: '全面障害' }],
  ['FrontendErrorsを30分黙らせて、既知の問題', 'alert_silence', { alert: 'FrontendErrors', duration_minutes: 30, comment: '既知の問題' }],
  ['Priyaの連絡先は？', 'oncall', { about: 'person', person: 'U00PAY1' }],
  ['identityの当番は誰？', 'oncall', { about: 'team', team: 'identity' }],
  ['authが落ちたら教えて', 'status_watch', { action: 'stalk', service: 'auth' }],
  ['paymentsのウォッチを解除して', 'status_watch', { action: 'unstalk', service: 'payments' }],
  ['apiのレイテンシは？', 'service_metrics', { service: 'api' }],
  ['本番のpaymentsのCPUを今日一日分見せて', 'service_metrics', { service: 'payments', environment: 'production', range: '24h' }],
  ['ａｐｉの過去３０分のエラー率', 'service_metrics', { service: 'api', range: '1h' }],
  ['ステージングのauthは動いてる？', 'service_status', { service: 'auth', environment: 'staging' }],
  ['監査ログを見せて', 'audit_search', {}],
  ['act_1a2b3c4d5e はどうなった？', 'action_status', { id: 'act_1a2b3c4d5e' }],
];

describe('the intent layer (Japanese)', () => {
  it.each(CALLS)('"%s" calls %s', (text, tool, args) => {
    expect(parseCommand(text, config)).toMatchObject({ kind: 'call', tool, args });
  });

  it('never guesses the environment of a deploy, and names a typo', () => {
    expect(parseCommand('frontend v2.4.0 をデプロイして', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringMatching(/Which environment\?/) });
    expect(parseCommand('frontnd v2.4.0 を本番にデプロイして', config)).toMatchObject({ kind: 'incomplete', tool: 'deploy', problem: expect.stringContaining('"frontnd"') });
  });

  it('pages the commander at once (as `!ic page` does), and silences without a reason given, but not without an alert', () => {
    // The router writes the page's default message (who asked, and where), see classic-commands.test.ts.
    expect(parseCommand('インシデントコマンダーを呼んでください', config)).toEqual({ kind: 'call', tool: 'page', args: { target: 'incident_commander' } });
    expect(parseCommand('HighErrorRateアラートを1時間ミュートして', config)).toEqual({ kind: 'call', tool: 'alert_silence', args: { alert: 'HighErrorRate', duration_minutes: 60 } });
    expect(parseCommand('アラートを1時間ミュートして', config)).toMatchObject({ kind: 'incomplete', tool: 'alert_silence', problem: expect.stringMatching(/Which alert/) });
  });

  it('turns no question, refusal or unknown text into a change', () => {
    expect(parseCommand('誰が本番を壊した？', config).kind).toBe('unknown');
    expect(parseCommand('frontend v2.4.0 を本番にデプロイしないで', config).kind).toBe('unknown');
    expect(parseCommand('サンドイッチを作って', config).kind).toBe('unknown');
    expect(parseCommand('未解決の障害を見せて', config)).toMatchObject({ kind: 'call', tool: 'incident_list', args: {} });
  });
});
