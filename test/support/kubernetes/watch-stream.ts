import type { ServerResponse } from 'node:http';
import type { FakeCluster, PodEvent } from './cluster.js';

/**
 * A watch of pods (`?watch=true&resourceVersion=N`): a chunked stream of `{"type","object"}` lines for every
 * change after N, then live ones, until `timeoutSeconds` or the server ends it. A version older than the
 * compaction gets one ERROR event with a 410 Status (Expired), after which the client must list again.
 */
export function serveWatch(cluster: FakeCluster, namespace: string, query: Record<string, string>, response: ServerResponse, open: Set<ServerResponse>): void {
  response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache, private' });
  // The API server answers a watch with its headers at once, before any event.
  response.flushHeaders();
  const write = (line: object) => response.write(`${JSON.stringify(line)}\n`);
  const from = Number(query.resourceVersion ?? 0);
  if (query.resourceVersion !== undefined && from < cluster.compactedBelow) {
    write({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${from} (${cluster.compactedBelow})`, reason: 'Expired', code: 410 } });
    response.end();
    return;
  }
  const selected = (event: { namespace?: string; object: PodEvent['object'] }) => event.object.metadata.namespace === namespace;
  for (const event of cluster.podEvents) if (event.resourceVersion > from && selected(event)) write({ type: event.type, object: event.object });
  const listener = (event: PodEvent & { namespace: string }) => {
    if (selected(event)) write({ type: event.type, object: event.object });
  };
  cluster.listeners.add(listener);
  open.add(response);
  const timeout = query.timeoutSeconds ? setTimeout(() => response.end(), Number(query.timeoutSeconds) * 1000) : undefined;
  response.on('close', () => {
    clearTimeout(timeout);
    cluster.listeners.delete(listener);
    open.delete(response);
  });
}
