import { demoConfig } from '../../../src/config/demo-config.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { SHOP_ENVIRONMENTS } from './shop-cluster.js';

/**
 * Config overrides for opsbot on the shop cluster: the demo's services plus checkout, each with its image, and the
 * issue's `backends.workloads` (kubernetes, two environments) and `backends.deploys: kubernetes`.
 */
export function kubernetesOverrides(kubeconfig: string, options: { deploys?: boolean } = {}): Partial<ConfigInput> {
  const services = [
    ...demoConfig.services,
    { name: 'checkout', team: 'payments', description: 'Checkout', components: ['checkout'], aliases: [], channels: ['C0CHECKOUT'] },
  ].map((service) => ({ ...service, kubernetes: { image: `registry.example.com/shop/${service.name}`, ...(service.name === 'checkout' ? { container: 'app' } : {}) } }));
  return {
    services,
    backends: {
      workloads: { adapter: 'kubernetes', kubeconfig, environments: SHOP_ENVIRONMENTS },
      ...(options.deploys === false ? {} : { deploys: { adapter: 'kubernetes' as const } }),
    },
  };
}
