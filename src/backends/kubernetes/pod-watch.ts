import type { V1Pod } from '@kubernetes/client-node';
import type { EnvironmentClient } from './kubernetes-client.js';
import { kubernetesCall } from './kubernetes-client.js';

type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

// Pauses after a failed list or watch, so an unreachable API is not hammered.
const RETRY_MS = 1_000;
// Streams that end, or answer 410 Gone, without delivering anything are retried after a pause that doubles
// from BACKOFF_MS up to MAX_BACKOFF_MS, so a server (or proxy) that keeps ending watches at once is not hammered.
const BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;
// A stream that stayed open this long was healthy even if the namespace was quiet (the API server ends
// watches on its own timeout, minutes later).
const HEALTHY_STREAM_MS = 10_000;

/** How long to wait before the next list or watch after `fruitless` rounds in a row that made no progress. */
export function watchBackoff(fruitless: number): number {
  if (fruitless <= 1) return 0;
  return Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** Math.min(fruitless - 2, 16));
}

/**
 * List, then watch from the list's resourceVersion; a stream that ends is resumed from the last version seen
 * (the API server closes watches on its own timeout), and a version too old (410 Gone) starts over with a list.
 * The first resume or re-list after a productive stream is immediate; rounds in a row that deliver nothing
 * (a stream that ends at once, a 410 right after a list) back off, and a failed list or watch waits at least RETRY_MS.
 */
export async function watchPods(client: EnvironmentClient, onPod: (pod: V1Pod, type: PodEventType) => void, signal: AbortSignal): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(client.namespace)}/pods`;
  let resourceVersion: string | null = null;
  let fruitless = 0;
  while (!signal.aborted) {
    try {
      if (resourceVersion === null) {
        const list = await kubernetesCall(`listing pods in ${client.namespace}`, () => client.core.listNamespacedPod({ namespace: client.namespace }));
        for (const pod of list.items) onPod(pod, 'ADDED');
        resourceVersion = list.metadata?.resourceVersion ?? '0';
      }
      const opened = Date.now();
      const stream = await oneStream(client, path, resourceVersion, onPod, signal);
      resourceVersion = stream.resumeFrom;
      fruitless = stream.progressed || Date.now() - opened >= HEALTHY_STREAM_MS ? 0 : fruitless + 1;
      if (fruitless > 0 && !signal.aborted) await pause(watchBackoff(fruitless), signal);
    } catch {
      fruitless += 1;
      if (!signal.aborted) await pause(Math.max(RETRY_MS, watchBackoff(fruitless)), signal);
    }
  }
}

interface StreamEnd {
  /** Where to resume, or null to list again. */
  resumeFrom: string | null;
  /** Whether the stream delivered a change or a bookmark, i.e. moved the resume point on. */
  progressed: boolean;
}

/** One watch stream until it ends. */
function oneStream(client: EnvironmentClient, path: string, from: string, onPod: (pod: V1Pod, type: PodEventType) => void, signal: AbortSignal): Promise<StreamEnd> {
  return new Promise((resolve, reject) => {
    let latest: string | null = from;
    let progressed = false;
    let controller: AbortController | undefined;
    const finish = (error: unknown) => {
      signal.removeEventListener('abort', stop);
      if (error && !signal.aborted && latest !== null) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve({ resumeFrom: latest, progressed });
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
          progressed = true;
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
    // Each pause takes its abort listener off again, so a long-lived watch does not pile them up on the signal.
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
