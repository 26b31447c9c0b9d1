import type { Opsbot } from '../../app.js';
import { slackGroupDirectory } from './slack.js';

/**
 * Opens opsbot (config, store, gateway) for one command and always closes the store, however the command ends.
 * When Slack is configured, roles mapped to Slack user groups apply to every command, not only in Slack.
 */
export async function withOpsbot<T>(run: (opsbot: Opsbot) => Promise<T>): Promise<T> {
  const [{ createOpsbot }, { loadConfig }] = await Promise.all([import('../../app.js'), import('../../app/load-config.js')]);
  const loaded = loadConfig();
  const groups = await slackGroupDirectory(process.env, loaded.config);
  const opsbot = await createOpsbot({ config: loaded.config, configSource: loaded.source, groups });
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
