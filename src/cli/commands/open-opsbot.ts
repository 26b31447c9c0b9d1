import { createOpsbot, type Opsbot } from '../../app.js';

/** Opens opsbot (config, store, gateway) for one command and always closes the store, however the command ends. */
export async function withOpsbot<T>(run: (opsbot: Opsbot) => Promise<T>): Promise<T> {
  const opsbot = await createOpsbot();
  try {
    return await run(opsbot);
  } finally {
    await opsbot.close();
  }
}

/** Where state lives, for banners; never the connection string itself (it may hold a password). */
export function storageLabel(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${env.OPSBOT_DATA_DIR ?? '.opsbot'}`;
}
