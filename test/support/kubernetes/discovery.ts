/** The discovery documents of the slice of the API the peer serves (legacy discovery: /api, /apis, /api/v1, /apis/GROUP/VERSION). */

const READ = ['get', 'list', 'watch'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean', buildDate: '2026-04-22T16:00:00Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64' };

export function apiVersions(address: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

const GROUPS = [
  { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
  { name: 'autoscaling', versions: [{ groupVersion: 'autoscaling/v1', version: 'v1' }], preferredVersion: { groupVersion: 'autoscaling/v1', version: 'v1' } },
];

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS };

export function apiGroup(name: string) {
  const group = GROUPS.find((entry) => entry.name === name);
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...group } : undefined;
}

export const RESOURCE_LISTS: Record<string, object> = {
  v1: {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ALL, shortNames: ['cm'] },
      { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ALL, shortNames: ['ev'] },
      { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'] },
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ALL, shortNames: ['po'], categories: ['all'] },
      { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: ALL },
    ],
  },
  'apps/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ALL, shortNames: ['deploy'], categories: ['all'] },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
      { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: ALL, shortNames: ['rs'], categories: ['all'] },
    ],
  },
  'autoscaling/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'autoscaling/v1',
    resources: [{ name: 'horizontalpodautoscalers', singularName: 'horizontalpodautoscaler', namespaced: true, kind: 'HorizontalPodAutoscaler', verbs: READ, shortNames: ['hpa'] }],
  },
};

/** The Role the README documents: the only resources and verbs opsbot may use, in its namespaces. */
export const ROLE_RULES: Record<string, readonly string[]> = {
  pods: READ,
  'pods/log': ['get'],
  events: READ,
  deployments: [...READ, 'patch'],
  'deployments/scale': ['get', 'patch'],
  replicasets: READ,
};
