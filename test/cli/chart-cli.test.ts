import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng, distinctColours } from '../charts/png-checks.js';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

// The built CLI, spawned: `npm test` builds first (the bundle must load the native rasteriser and find the font).
describe('opsbot chart (spawned)', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('writes a valid PNG into the data directory by default and prints its path', async () => {
    const result = await sandbox.run(['chart', 'frontend']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const path = result.stdout.trim();
    expect(path).toBe(join(sandbox.dataDir, 'charts', 'frontend-production-last-1h.png'));
    const png = decodePng(readFileSync(path));
    expect([png.width, png.height]).toEqual([800, 474]);
    expect(distinctColours(png)).toBeGreaterThan(20);
  });

  it('takes a metric by the word people use (latency), a range and -o FILE', async () => {
    const file = join(sandbox.dataDir, 'out', 'latency.png');
    const result = await sandbox.run(['chart', 'payments', 'latency', '6h', '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(file);
    const png = decodePng(readFileSync(file));
    // One metric: one big panel.
    expect([png.width, png.height]).toEqual([800, 354]);
  });

  it('refuses an unknown metric as bad input', async () => {
    const result = await sandbox.run(['chart', 'frontend', 'memory']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown metric "memory" (metrics: latency/p95, errors, cpu, requests/load/rps)');
  });

  it('draws one metric for "chart api p95 6h" typed in the shell', async () => {
    const result = await sandbox.run(['shell', '--as', 'U00VIEWER'], 'chart api p95 6h\n');
    const path = /Chart: (\S+\.png)/.exec(result.stdout)?.[1];
    expect(path).toBeDefined();
    expect([decodePng(readFileSync(path!)).width, decodePng(readFileSync(path!)).height]).toEqual([800, 354]);
  });

  it('prints the chart path after a metrics answer in the shell', async () => {
    const result = await sandbox.run(['shell', '--as', 'U00VIEWER'], "how's frontend load?\n");
    const path = /Chart: (\S+\.png)/.exec(result.stdout)?.[1];
    expect(path).toBeDefined();
    expect(existsSync(path!)).toBe(true);
    expect(decodePng(readFileSync(path!)).width).toBe(800);
  });
});
