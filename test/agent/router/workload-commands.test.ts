import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/agent/router/index.js';
import { kubernetesOverrides } from '../../support/kubernetes/kubernetes-config.js';
import { testConfig } from '../../support/test-config.js';

// Parsing reads names only; the kubeconfig is not opened.
const config = testConfig(kubernetesOverrides('/nonexistent/kubeconfig'));
const read = (text: string) => parse(text, config);

/** The classic forms, as typed to the router, and the crashloop question. */
describe('Kubernetes commands in the router', () => {
  it.each([
    ['get pods', { tool: 'pods', args: {} }],
    ['get pods -n production', { tool: 'pods', args: { environment: 'production' } }],
    ['get pods -n shop checkout', { tool: 'pods', args: { namespace: 'shop', service: 'checkout' } }],
    ['get pods --namespace=shop-staging', { tool: 'pods', args: { namespace: 'shop-staging' } }],
    ['@opsbot get pods -n prod frontend', { tool: 'pods', args: { environment: 'production', service: 'frontend' } }],
    ['logs checkout', { tool: 'pod_logs', args: { service: 'checkout' } }],
    ['logs checkout production -n 100 --previous', { tool: 'pod_logs', args: { service: 'checkout', environment: 'production', lines: 100, previous: true } }],
    ['!logs payments staging -p', { tool: 'pod_logs', args: { service: 'payments', environment: 'staging', previous: true } }],
    ['scale frontend 5 in production', { tool: 'scale', args: { service: 'frontend', replicas: 5, environment: 'production' } }],
    ['scale frontend to 0 staging', { tool: 'scale', args: { service: 'frontend', replicas: 0, environment: 'staging' } }],
    ['scale deployment/frontend --replicas=3 production', { tool: 'scale', args: { service: 'frontend', replicas: 3, environment: 'production' } }],
    ['restart auth in production', { tool: 'restart', args: { service: 'auth', environment: 'production' } }],
    ['rollout restart auth staging', { tool: 'restart', args: { service: 'auth', environment: 'staging' } }],
    ['rollout undo payments in production', { tool: 'rollout_undo', args: { service: 'payments', environment: 'production' } }],
    ['describe frontend', { tool: 'workload_describe', args: { service: 'frontend' } }],
    ['describe deployment frontend staging', { tool: 'workload_describe', args: { service: 'frontend', environment: 'staging' } }],
    ['why is checkout crashlooping?', { tool: 'pods', args: { service: 'checkout' } }],
    ['is payments crashing in staging?', { tool: 'pods', args: { service: 'payments', environment: 'staging' } }],
    ['本番のpaymentsのポッドを見せて', { tool: 'pods', args: { service: 'payments', environment: 'production' } }],
    ['paymentsの前回のコンテナのログを見せて', { tool: 'pod_logs', args: { service: 'payments', previous: true } }],
    ['本番のfrontendを5台にスケールして', { tool: 'scale', args: { service: 'frontend', environment: 'production', replicas: 5 } }],
    ['please restart auth in staging', { tool: 'restart', args: { service: 'auth', environment: 'staging' } }],
    ['本番のpaymentsのロールアウトを元に戻して', { tool: 'rollout_undo', args: { service: 'payments', environment: 'production' } }],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual({ kind: 'call', ...expected });
  });

  it('asks rather than guesses the environment of a change, and names what it does not know', () => {
    expect(read('scale frontend 5')).toMatchObject({ kind: 'incomplete', tool: 'scale', problem: "Which environment? I don't guess for scaling (staging, production)." });
    expect(read('restart auth')).toMatchObject({ kind: 'incomplete', tool: 'restart', problem: "Which environment? I don't guess for restarts (staging, production)." });
    expect(read('rollout undo payments')).toMatchObject({ kind: 'incomplete', tool: 'rollout_undo', problem: "Which environment? I don't guess for rollbacks (staging, production)." });
    expect(read('scale frontend in production')).toMatchObject({ kind: 'incomplete', tool: 'scale', problem: 'How many replicas? e.g. scale frontend 5 in production' });
    expect(read('logs checkout -n 9000')).toMatchObject({ kind: 'incomplete', tool: 'pod_logs', problem: 'How many lines? -n takes 1 to 500.' });
    // A read corrects a typo of a name and says so; a change never does.
    expect(read('describe frontnd')).toMatchObject({ kind: 'call', tool: 'workload_describe', args: { service: 'frontend' } });
    expect(read('scale frontnd 5 in production')).toMatchObject({ kind: 'incomplete', tool: 'scale' });
    expect(read('why is it crashlooping?')).toMatchObject({ kind: 'incomplete', tool: 'pods' });
  });
});
