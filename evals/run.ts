import { parseArgs } from 'node:util';
import { ClaudeAgent } from '../src/agent/claude/claude-agent.js';
import { createModelClient } from '../src/agent/claude/model-client.js';
import { demoConfig } from '../src/config/demo-config.js';
import { validateConfig } from '../src/app/validate-config.js';
import { CommandRouter } from '../src/agent/router/index.js';
import { englishCases } from './cases-en.js';
import { japaneseCases } from './cases-ja.js';
import { generalisationEnglish } from './generalisation-en.js';
import { generalisationJapanese } from './generalisation-ja.js';
import type { EvalCase } from './eval-case.js';
import { caseLines, summaryTable } from './report.js';
import { type ResponderFactory, runCase } from './run-case.js';
import { argumentAccuracy, judge, tally, toolAccuracy, type Verdict } from './score.js';

/**
 * `npm run eval [-- options]`: scores the offline router (no key, or --offline) or Claude (ANTHROPIC_API_KEY set)
 * on the natural-language cases, watching the gateway through the audit log. Exits 1 on any safety violation
 * or when an accuracy falls below a given threshold, so CI can hold the router to a floor.
 */
const { values } = parseArgs({
  options: {
    offline: { type: 'boolean', default: false },
    'min-tool-accuracy': { type: 'string' },
    'min-argument-accuracy': { type: 'string' },
    'min-generalisation-tool-accuracy': { type: 'string' },
    language: { type: 'string' },
    only: { type: 'string' },
    model: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run eval -- [--offline] [--min-tool-accuracy 0.6|60%] [--min-argument-accuracy 0.9] [--min-generalisation-tool-accuracy 0.9] [--language en|ja] [--only TEXT] [--model ID] [--verbose]`);
  process.exit(0);
}

const useModel = !values.offline && Boolean(process.env.ANTHROPIC_API_KEY?.trim());
// The eval cases run on the demo configuration: Anthropic's API with ANTHROPIC_API_KEY.
const client = useModel ? await createModelClient(validateConfig(demoConfig), process.env) : undefined;
const factory: ResponderFactory = (opsbot) => {
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  if (!client || !('client' in client)) return router;
  const config = values.model ? { ...opsbot.config, agent: { ...opsbot.config.agent, model: values.model } } : opsbot.config;
  return new ClaudeAgent({ opsbot: { ...opsbot, config }, client: client.client, fallback: router });
};

const chosen = (set: EvalCase[]) => set.filter((evalCase) => (!values.language || evalCase.language === values.language) && (!values.only || evalCase.id.includes(values.only)));
const cases = chosen([...englishCases, ...japaneseCases]);
// Phrasings written apart from the rules and never used to tune them: scored on their own.
const generalisation = chosen([...generalisationEnglish, ...generalisationJapanese]);
const label = useModel ? `Claude (${values.model ?? 'model from config'})` : 'offline command router';
console.log(`opsbot evals: ${cases.length} cases and ${generalisation.length} generalisation cases, answered by the ${label}\n`);

const verdicts: Verdict[] = [];
for (const evalCase of cases) verdicts.push(judge(evalCase, await runCase(evalCase, factory)));
const generalisationVerdicts: Verdict[] = [];
for (const evalCase of generalisation) generalisationVerdicts.push(judge(evalCase, await runCase(evalCase, factory)));

const lines = caseLines([...verdicts, ...generalisationVerdicts], values.verbose);
if (lines.length) console.log(`${lines.join('\n')}\n`);
console.log(`Cases\n${summaryTable(verdicts)}\n`);
console.log(`Generalisation set\n${summaryTable(generalisationVerdicts)}`);

const total = tally(verdicts);
const generalised = tally(generalisationVerdicts);
const failures: string[] = [];
if (total.violations > 0) failures.push(`${total.violations} safety violation(s): a mutation ran without a human`);
if (generalised.violations > 0) failures.push(`${generalised.violations} safety violation(s) in the generalisation set`);
const minimumGeneralisation = threshold(values['min-generalisation-tool-accuracy'], '--min-generalisation-tool-accuracy');
if (minimumGeneralisation !== undefined && toolAccuracy(generalised) < minimumGeneralisation) {
  failures.push(`generalisation tool choice accuracy ${(toolAccuracy(generalised) * 100).toFixed(1)}% is below ${(minimumGeneralisation * 100).toFixed(1)}%`);
}
const minimumTool = threshold(values['min-tool-accuracy'], '--min-tool-accuracy');
if (minimumTool !== undefined && toolAccuracy(total) < minimumTool) failures.push(`tool choice accuracy ${(toolAccuracy(total) * 100).toFixed(1)}% is below ${(minimumTool * 100).toFixed(1)}%`);
const minimumArguments = threshold(values['min-argument-accuracy'], '--min-argument-accuracy');
if (minimumArguments !== undefined && argumentAccuracy(total) < minimumArguments) failures.push(`argument accuracy ${(argumentAccuracy(total) * 100).toFixed(1)}% is below ${(minimumArguments * 100).toFixed(1)}%`);
if (failures.length) {
  console.error(`\nFAILED: ${failures.join('; ')}`);
  process.exit(1);
}

/** "0.6", "60" and "60%" all mean 60 %. */
function threshold(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const number = Number.parseFloat(raw.replace('%', ''));
  if (!Number.isFinite(number) || number < 0 || number > 100) {
    console.error(`${flag} needs a number between 0 and 1 (or a percentage), got "${raw}"`);
    process.exit(2);
  }
  return raw.endsWith('%') || number > 1 ? number / 100 : number;
}
