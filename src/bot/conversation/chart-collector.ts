import type { CallOutcome } from '../../actions/outcomes.js';
import { type PictureSource, pictureOf } from '../../charts/chart-image.js';

// One answer that looked at many services should not flood its thread with images.
const MAX_CHARTS = 3;

/** Charts found in one turn's tool results, gathered while the responder works. */
export class ChartCollector {
  readonly charts: PictureSource[] = [];

  /** Pass as Inbound.onOutcome. */
  readonly onOutcome = (outcome: CallOutcome): void => {
    const chart = outcome.status === 'ok' ? pictureOf(outcome.data) : null;
    if (chart && this.charts.length < MAX_CHARTS) this.charts.push(chart);
  };
}
