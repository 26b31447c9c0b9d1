import type { KubeObject } from './cluster.js';

/**
 * Pods as a `meta.k8s.io/v1` Table, what `kubectl get pods` asks for (`Accept: application/json;as=Table;…`):
 * the server's columns, as its own pod printer fills them.
 */
export function podTable(pods: KubeObject[], resourceVersion: number) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: String(resourceVersion) },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
      { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
      { name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
      { name: 'IP', type: 'string', format: '', description: 'IP address allocated to the pod.', priority: 1 },
      { name: 'Node', type: 'string', format: '', description: 'Name of the Node.', priority: 1 },
    ],
    rows: pods.map((pod) => {
      const statuses = (pod.status?.containerStatuses ?? []) as KubeObject[];
      const ready = statuses.filter((container) => container.ready).length;
      const waiting = statuses.find((container) => container.state?.waiting?.reason)?.state.waiting.reason as string | undefined;
      const restarts = statuses.reduce((sum, container) => sum + (container.restartCount as number), 0);
      return {
        cells: [pod.metadata.name, `${ready}/${pod.spec.containers.length}`, waiting ?? pod.status.phase, String(restarts), '21h', '<none>', pod.spec.nodeName ?? '<none>'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion, creationTimestamp: pod.metadata.creationTimestamp, labels: pod.metadata.labels } },
      };
    }),
  };
}
