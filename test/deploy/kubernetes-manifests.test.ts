import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { validateConfig } from '../../src/app/validate-config.js';

/**
 * What can be checked of deploy/ without a cluster or a registry: the manifests parse, kustomize renders them
 * (when kubectl is installed; `kubectl apply --dry-run=client` needs an API server for discovery, so it is not
 * used), the pieces refer to each other correctly, the ConfigMap's opsbot.yaml passes opsbot's own strict schema,
 * and the probes reach the ports the config serves on.
 */
const DIRECTORY = resolve(import.meta.dirname, '../../deploy/kubernetes');
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

type Manifest = { kind: string; metadata: { name: string }; [key: string]: unknown } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function manifests(): Manifest[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) => parseAllDocuments(readFileSync(join(DIRECTORY, file), 'utf8')).map((document) => document.toJSON() as Manifest));
}

function one(kind: string): Manifest {
  const found = manifests().filter((manifest) => manifest.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
}

describe('deploy/kubernetes', () => {
  it.skipIf(!kubectl)('renders with kubectl kustomize into every manifest listed', () => {
    const rendered = spawnSync('kubectl', ['kustomize', DIRECTORY], { encoding: 'utf8' });
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    const kinds = parseAllDocuments(rendered.stdout).map((document) => (document.toJSON() as Manifest).kind);
    expect(kinds.sort()).toEqual(['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
  });

  it('runs two non-root replicas on PostgreSQL from the Secret, with the config from the ConfigMap', () => {
    const deployment = one('Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    const secret = one('Secret');
    expect(container.envFrom).toContainEqual({ secretRef: { name: secret.metadata.name } });
    expect(Object.keys(secret.stringData)).toContain('DATABASE_URL');
    const configPath = container.env.find((variable: { name: string }) => variable.name === 'OPSBOT_CONFIG').value as string;
    const mount = container.volumeMounts.find((volume: { mountPath: string }) => configPath.startsWith(`${volume.mountPath}/`));
    const volume = pod.volumes.find((entry: { name: string }) => entry.name === mount.name);
    expect(volume.configMap.name).toBe(one('ConfigMap').metadata.name);
    expect(Object.keys(one('ConfigMap').data)).toContain(configPath.slice(mount.mountPath.length + 1));
  });

  it('carries an opsbot.yaml that opsbot accepts, serving its ops endpoints where the probes look', () => {
    const config = validateConfig(parse(one('ConfigMap').data['opsbot.yaml'] as string));
    const deployment = one('Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    const metricsPort = container.ports.find((port: { name: string }) => port.name === 'metrics').containerPort;
    expect(config.observability).toEqual({ port: metricsPort, host: '0.0.0.0' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    // SIGTERM drains before the kubelet's SIGKILL.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(config.shutdownSeconds);
    const slackPort = container.env.find((variable: { name: string }) => variable.name === 'PORT').value;
    expect(container.ports.find((port: { name: string }) => port.name === 'slack').containerPort).toBe(Number(slackPort));
  });

  it('keeps one replica through a voluntary disruption, and the Service and budget select the pods', () => {
    const labels = one('Deployment').spec.template.metadata.labels as Record<string, string>;
    const budget = one('PodDisruptionBudget');
    expect(budget.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(budget.spec.minAvailable).toBeLessThan(one('Deployment').spec.replicas);
    for (const selector of [budget.spec.selector.matchLabels, one('Service').spec.selector, one('Deployment').spec.selector.matchLabels]) {
      for (const [key, value] of Object.entries(selector as Record<string, string>)) expect(labels[key]).toBe(value);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(import.meta.dirname, '../../Dockerfile'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);

  it('builds in stages on node:24-bookworm-slim, installs production dependencies only and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThan(1);
    expect(new Set(stages)).toEqual(new Set(['node:24-bookworm-slim']));
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/g\+\+|npm ci(?! --omit)/);
  });

  it('checks its health on /healthz at the default observability port', () => {
    const port = validateConfig(parse(readFileSync(resolve(import.meta.dirname, '../../opsbot.example.yaml'), 'utf8'))).observability.port;
    expect(dockerfile).toMatch(new RegExp(`HEALTHCHECK[\\s\\S]*127\\.0\\.0\\.1:${port}/healthz`));
  });
});
