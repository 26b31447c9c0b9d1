import { z } from 'zod';

/**
 * Config of the workloads port (`backends.workloads`) and of a service's Deployment (`services[].kubernetes`):
 * the demo fleet's pods by default, or Kubernetes, where only the namespaces named here are ever touched.
 */

const environmentName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');
/** A Kubernetes object name (RFC 1123 label): what a namespace, Deployment or container may be called. */
const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes name (lower-case letters, digits and dashes)');

export const workloadsBackendSchema = z
  .discriminatedUnion('adapter', [
    z.strictObject({ adapter: z.literal('demo') }),
    z.strictObject({ adapter: z.literal('none') }),
    z.strictObject({
      adapter: z.literal('kubernetes'),
      /** A kubeconfig file; default: the in-cluster service account, else $KUBECONFIG, else ~/.kube/config. */
      kubeconfig: z.string().min(1).optional(),
      /** opsbot environment → the kubeconfig context and the one namespace opsbot may read and change there. */
      environments: z.record(environmentName, z.strictObject({ context: z.string().min(1), namespace: objectName })),
    }),
  ])
  // Unnamed, it follows the other ports: the demo out of the box, `none` once any port names a real system.
  .optional();

/** Where a service runs on Kubernetes; every field optional (the Deployment defaults to the service's name). */
export const serviceKubernetesSchema = z.strictObject({
  deployment: objectName.optional(),
  /** The container whose image a deploy sets and whose logs are read; default: the pod's first container. */
  container: objectName.optional(),
  /** The image without a tag (`registry.example.com/shop/checkout`); a deploy sets `IMAGE:VERSION`. */
  image: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\-/:]*[a-z0-9]$/, 'must be an image name without a tag, like registry.example.com/shop/checkout')
    .refine((image) => !/[:@][^/]*$/.test(image), 'must not carry a tag: a deploy adds :VERSION')
    .optional(),
});

/** Validated `backends.workloads` for Kubernetes. */
export type KubernetesWorkloadsConfig = Extract<z.output<typeof workloadsBackendSchema>, { adapter: 'kubernetes' }>;
