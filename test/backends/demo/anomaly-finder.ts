import { type Anomaly, anomalyAt, anomalyWindows } from '../../../src/backends/demo/fleet-model.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A strong anomaly window of the simulated fleet (severity above `minimum`) with a quiet hour either side,
 * found with the model's own window function so tests do not hard-code hash outcomes.
 */
export function strongAnomaly(service: string, environment: string, minimum = 0.6): Anomaly {
  const firstDay = Math.floor(Date.parse('2026-11-02T00:00:00Z') / DAY_MS);
  for (let day = firstDay; day < firstDay + 365; day++) {
    for (const window of anomalyWindows(service, environment, day)) {
      const quietBefore = anomalyAt(service, environment, window.start - 1) === null && anomalyAt(service, environment, window.start - HOUR_MS) === null;
      const quietAfter = anomalyAt(service, environment, window.end) === null && anomalyAt(service, environment, window.end + HOUR_MS) === null;
      if (window.severity > minimum && quietBefore && quietAfter) return window;
    }
  }
  throw new Error(`no strong anomaly for ${service} ${environment} within a year`);
}
