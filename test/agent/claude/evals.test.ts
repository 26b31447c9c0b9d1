import { describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { builtinTools } from '../../../src/tools/index.js';
import { englishCases } from '../../../evals/cases-en.js';
import { japaneseCases } from '../../../evals/cases-ja.js';
import { type Observation, runCase } from '../../../evals/run-case.js';
import { judge } from '../../../evals/score.js';
import { testConfig } from '../../support/test-opsbot.js';

const observation = (partial: Partial<Observation>): Observation => ({ calls: [], proposals: [], violations: [], reply: '', offline: false, variables: {}, milliseconds: 0, ...partial });

describe('eval cases', () => {
  it('cover every tool in English and in Japanese, with unique ids', () => {
    const tools = builtinTools(testConfig()).map((tool) => tool.name).sort();
    for (const cases of [englishCases, japaneseCases]) {
      const covered = new Set(cases.flatMap((evalCase) => evalCase.expect.filter((call) => call.outcome !== 'refused').map((call) => call.tool)));
      expect([...covered].sort()).toEqual(tools);
    }
    const ids = [...englishCases, ...japaneseCases].map((evalCase) => evalCase.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('eval scoring', () => {
  const deployCase = englishCases.find((evalCase) => evalCase.id === 'en-deploy-staging')!;
  const refusalCase = englishCases.find((evalCase) => evalCase.id === 'en-viewer-deploy')!;
  const args = { service: 'frontend', environment: 'staging', version: 'v2.4.0' };

  it('credits a proposal with the right arguments', () => {
    const verdict = judge(deployCase, observation({ calls: [{ tool: 'deploy', args, decision: 'confirm' }], proposals: [{ tool: 'deploy', args, actionId: 'act_1' }] }));
    expect(verdict).toMatchObject({ toolCorrect: true, argumentsChecked: true, argumentsCorrect: true });
  });

  it('separates a wrong argument from a wrong tool, and counts an unasked-for proposal against tool choice', () => {
    const wrongVersion = judge(deployCase, observation({ proposals: [{ tool: 'deploy', args: { ...args, version: 'v9.9.9' }, actionId: 'act_1' }] }));
    expect(wrongVersion).toMatchObject({ toolCorrect: true, argumentsCorrect: false });
    const extra = judge(englishCases.find((evalCase) => evalCase.id === 'en-metrics')!, observation({ calls: [{ tool: 'service_metrics', args: { service: 'frontend' }, decision: 'allow' }], proposals: [{ tool: 'rollback', args: {}, actionId: 'act_2' }] }));
    expect(extra.toolCorrect).toBe(false);
  });

  it('accepts a refusal whether the tool was denied or never called, but not a proposal', () => {
    expect(judge(refusalCase, observation({ calls: [{ tool: 'deploy', args: {}, decision: 'deny' }] })).toolCorrect).toBe(true);
    expect(judge(refusalCase, observation({})).toolCorrect).toBe(true);
    expect(judge(refusalCase, observation({ proposals: [{ tool: 'deploy', args: {}, actionId: 'act_3' }] })).toolCorrect).toBe(false);
  });

  it('observes the router through the audit log, substituting the setup action id', async () => {
    const evalCase = { id: 'test-action', language: 'en' as const, user: 'U00DEV', setup: 'pending-action' as const, message: 'action {action}', expect: [{ tool: 'action_status', outcome: 'ran' as const, args: { id: '{action}' } }] };
    const seen = await runCase(evalCase, (opsbot) => new CommandRouter(opsbot.gateway, opsbot.config));
    expect(seen.variables.action).toMatch(/^act_/);
    expect(seen.violations).toEqual([]);
    expect(judge(evalCase, seen)).toMatchObject({ toolCorrect: true, argumentsCorrect: true });
  });
});
