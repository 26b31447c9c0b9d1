/**
 * The PromQL a Grafana panel runs, so opsbot can draw the panel itself when Grafana cannot render it: the `expr` of
 * each visible target whose data source is Prometheus (named on the target, else on the panel; a panel that names
 * none uses the default, taken as Prometheus only when the target has an `expr`, which only PromQL targets carry).
 * Grafana's own interval variables become a fixed 5m; the dashboard's variables are left for `withVariables` (ports/dashboards).
 */
export function promqlTargets(panel: Record<string, unknown>): string[] {
  const targets = Array.isArray(panel.targets) ? (panel.targets as Array<Record<string, unknown>>) : [];
  const panelType = sourceType(panel.datasource);
  return targets
    .filter((target) => target.hide !== true && typeof target.expr === 'string' && target.expr.trim() !== '')
    .filter((target) => (sourceType(target.datasource) ?? panelType ?? 'prometheus') === 'prometheus')
    .map((target) => (target.expr as string).replace(/\$(?:\{__(?:rate_)?interval\}|__rate_interval|__interval)\b/g, '5m'));
}

function sourceType(source: unknown): string | undefined {
  if (source && typeof source === 'object' && typeof (source as { type?: unknown }).type === 'string') return (source as { type: string }).type;
  return undefined;
}
