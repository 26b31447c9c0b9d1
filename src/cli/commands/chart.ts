import type { Command } from 'commander';
import { chartOf } from '../../charts/chart-spec.js';
import { writeChartFile } from '../../charts/chart-files.js';
import { OpsbotError } from '../../errors.js';
import { metricNamed, metricWordsList } from '../../tools/metric-names.js';
import { resolveIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';

const RANGES = ['15m', '1h', '6h', '24h'];

/** Registers `opsbot chart SERVICE [METRIC] [RANGE] [-o FILE]`: a service's metrics (or one, by the word people use) as a PNG file, through the gateway like any read. */
export function registerChartCommand(program: Command): void {
  program
    .command('chart')
    .description(`draw a service's metrics as a PNG and print its path (e.g. opsbot chart frontend latency 6h); metrics: ${metricWordsList()}`)
    .argument('<service>', 'the service')
    .argument('[metric]', `one of ${metricWordsList()} (default: all four)`)
    .argument('[range]', `one of ${RANGES.join(', ')}`, '1h')
    .option('-o, --output <file>', 'write here (default: charts/ in the data directory)')
    .option('-e, --environment <name>', 'environment (default: production)')
    .option('--as <user>', 'act as this user id (default: OPSBOT_USER, else the least privileged configured user)')
    .action(async (service: string, metric: string | undefined, range: string, options: { output?: string; environment?: string; as?: string }) => {
      // "opsbot chart frontend 6h": a range in the metric's place is the range.
      if (metric && RANGES.includes(metric)) [metric, range] = [undefined, metric];
      const named = metric === undefined ? undefined : metricNamed(metric);
      if (metric && !named) throw new OpsbotError('usage', `unknown metric "${metric}" (metrics: ${metricWordsList()})`);
      if (!RANGES.includes(range)) throw new OpsbotError('usage', `unknown range "${range}" (ranges: ${RANGES.join(', ')})`);
      await withOpsbot(async (opsbot) => {
        const actor = resolveIdentity(options.as, process.env, opsbot.config).user;
        const args = { service, range, ...(named ? { metric: named } : {}), ...(options.environment ? { environment: options.environment } : {}) };
        const outcome = await opsbot.gateway.call({ tool: 'service_metrics', args, actor, origin: { frontEnd: 'cli', conversationId: 'cli:chart' } });
        if (outcome.status !== 'ok') throw new OpsbotError(outcome.status === 'invalid' ? 'usage' : 'not_done', outcome.text);
        const chart = chartOf(outcome.data);
        if (!chart) throw new OpsbotError('not_done', 'service_metrics returned no chart');
        console.log(writeChartFile(chart, { file: options.output }));
      });
    });
}
