import { describe, expect, it } from 'vitest';
import { demoClone, issuesOf } from '../support/config-issues.js';

/** The issue's exact keys: `backends.workloads`, `backends.deploys.adapter: kubernetes`, `services[].kubernetes`. */
describe('workloads config', () => {
  const kubernetes = { adapter: 'kubernetes', kubeconfig: '~/.kube/config', environments: { staging: { context: 'staging', namespace: 'shop-staging' }, production: { context: 'prod-eu', namespace: 'shop' } } };

  it('accepts the issue\'s example', () => {
    const config = demoClone();
    config.backends = { workloads: kubernetes, deploys: { adapter: 'kubernetes' } };
    config.services = config.services.map((service: { name: string }) => ({ ...service, kubernetes: { deployment: service.name, container: 'app', image: `registry.example.com/shop/${service.name}` } }));
    expect(issuesOf(config)).toEqual([]);
  });

  it('names a misspelt key with its likely meaning, an unknown environment, and a deploy without images or clusters', () => {
    const config = demoClone();
    config.backends = { workloads: { ...kubernetes, environments: { ...kubernetes.environments, qa: { context: 'qa', namespace: 'qa' } } }, deploys: { adapter: 'kubernetes' } };
    config.services[0].kubernetes = { deployment: 'frontend', contianer: 'app' };
    config.services[1].kubernetes = { image: 'registry.example.com/shop/api:v1' };
    expect(issuesOf(config)).toEqual(['services[0].kubernetes.contianer: unknown key (did you mean "container"?)', 'services[1].kubernetes.image: must not carry a tag: a deploy adds :VERSION']);
    config.services[0].kubernetes = { deployment: 'frontend' };
    config.services[1].kubernetes = { image: 'registry.example.com:5000/shop/api' };
    const issues = issuesOf(config);
    expect(issues).toContain('backends.workloads.environments.qa: unknown environment (environments: staging, production)');
    expect(issues).toContain('services[0].kubernetes.image: backends.deploys uses kubernetes, so frontend needs the image a deploy tags');
    expect(issues).not.toContain('services[1].kubernetes.image: backends.deploys uses kubernetes, so api needs the image a deploy tags');
    config.backends = { deploys: { adapter: 'kubernetes' } };
    expect(issuesOf(config)).toContain('backends.deploys.adapter: kubernetes deploys need backends.workloads.adapter: kubernetes (it names the clusters and namespaces)');
  });
});
