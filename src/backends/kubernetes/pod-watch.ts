import type { V1Pod } from '@kubernetes/client-node';
import type { EnvironmentClient } from './kubernetes-client.js';
import { kubernetesCall } from './kubernetes-client.js';

type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

// Pauses after a failed list or watch, so an unreachable API is not hammered.
const RETRY_MS = 1_000;

/**
 * List, then watch from the list's resourceVersion; a stream that ends is resumed from the last version seen
 * (the API server closes watches on its own timeout), and a version too old (410 Gone) starts over with a list.
 */
export async function watchPods(client: EnvironmentClient, onPod: (pod: V1Pod, type: PodEventType) => void, signal: AbortSignal): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(client.namespace)}/pods`;
  let resourceVersion: string | null = null;
  while (!signal.aborted) {
    try {
      if (resourceVersion === null) {
        const list = await kubernetesCall(`listing pods in ${client.namespace}`, () => client.core.listNamespacedPod({ namespace: client.namespace }));
        for (const pod of list.items) onPod(pod, 'ADDED');
        resourceVersion = list.metadata?.resourceVersion ?? '0';
      }
      resourceVersion = await oneStream(client, path, resourceVersion, onPod, signal);
    } catch {
      if (!signal.aborted) await pause(RETRY_MS, signal);
    }
  }
}

/** One watch stream until it ends; returns where to resume, or null to list again. */
function oneStream(client: EnvironmentClient, path: string, from: string, onPod: (pod: V1Pod, type: PodEventType) => void, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let latest: string | null = from;
    let controller: AbortController | undefined;
    const finish = (error: unknown) => {
      signal.removeEventListener('abort', stop);
      if (error && !signal.aborted && latest !== null) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(latest);
    };
    // The client hands over its abort handle only once the response has begun, so a stop before that ends
    // this stream at once and aborts the request when the handle arrives.
    const stop = () => {
      controller?.abort();
      finish(null);
    };
    signal.addEventListener('abort', stop, { once: true });
    client.watch
      .watch(
        path,
        { resourceVersion: from, allowWatchBookmarks: true },
        (type, object: V1Pod & { code?: number }) => {
          if (type === 'ERROR') {
            // 410 Gone: the version is too old to resume from.
            latest = null;
            return;
          }
          latest = object.metadata?.resourceVersion ?? latest;
          if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') onPod(object, type);
        },
        finish,
      )
      .then((started) => {
        controller = started;
        if (signal.aborted) started.abort();
      }, finish);
  });
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
