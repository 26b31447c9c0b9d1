import type { KvRepository } from './kv-repository.js';

/**
 * Claims a one-time job (post this card, open that channel) for one replica with a single transactional
 * write, so replicas sharing a store never both do it. A claim whose holder died lapses after `lapseMs`.
 */
export async function claimOnce(kv: KvRepository, namespace: string, key: string, holder: string, lapseMs: number): Promise<boolean> {
  const at = Date.now();
  const claim = await kv.update<{ by: string; at: number } | null>(namespace, key, () => null, (current) =>
    current && current.by !== holder && at - current.at < lapseMs ? current : { by: holder, at },
  );
  return claim?.by === holder;
}
