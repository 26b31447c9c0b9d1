import type { Config } from '../../config/schema.js';

// Short names people type for environments; used only when the full name is configured.
const ENVIRONMENT_ALIASES: Record<string, string> = {
  prod: 'production',
  prd: 'production',
  live: 'production',
  stg: 'staging',
  stage: 'staging',
  dev: 'development',
  develop: 'development',
};

/** The parts of the config the router reads; people are optional so a catalog alone still parses commands. */
export type VocabularyConfig = Pick<Config, 'services' | 'environments' | 'teams'> & Partial<Pick<Config, 'people'>>;

/** The names the router recognises, taken from the configured catalog so a new service needs no code. */
export class Vocabulary {
  readonly services: string[];
  readonly environments: string[];
  readonly teams: string[];
  private readonly teamOfService: Map<string, string>;
  /** Lower-cased names and aliases → service; an alias two services claim names neither. */
  private readonly serviceByName = new Map<string, string | undefined>();
  /** Slack channel id → the service that channel belongs to (`services[].channels`). */
  private readonly serviceByChannel = new Map<string, string>();
  /** Aliases in Japanese script, found inside text rather than as words (認証の状況). */
  readonly scriptAliases: ReadonlyArray<[alias: string, service: string]>;
  /** Lower-cased first names → user ids (people are called by first name in chat; last names collide with words); shared names map to nobody. */
  private readonly personByName = new Map<string, string | undefined>();

  constructor(config: VocabularyConfig) {
    this.services = config.services.map((service) => service.name);
    this.environments = [...config.environments];
    this.teams = config.teams.map((team) => team.name);
    this.teamOfService = new Map(config.services.map((service) => [service.name, service.team]));
    for (const service of config.services) this.serviceByName.set(service.name, service.name);
    const scriptAliases: Array<[string, string]> = [];
    for (const service of config.services) {
      for (const alias of service.aliases ?? []) {
        const key = alias.normalize('NFKC').toLowerCase();
        if (this.services.includes(key)) continue;
        this.serviceByName.set(key, this.serviceByName.has(key) && this.serviceByName.get(key) !== service.name ? undefined : service.name);
        if (!/^[\x21-\x7e]+$/.test(key)) scriptAliases.push([key, service.name]);
      }
      for (const channel of service.channels ?? []) this.serviceByChannel.set(channel, service.name);
    }
    // Longest first, so フロントエンド wins over a shorter alias inside it.
    this.scriptAliases = scriptAliases.filter(([alias]) => this.serviceByName.get(alias)).sort((left, right) => right[0].length - left[0].length);
    for (const [id, person] of Object.entries(config.people ?? {})) {
      const first = person.name.toLowerCase().split(/\s+/)[0];
      if (first) this.personByName.set(first, this.personByName.has(first) && this.personByName.get(first) !== id ? undefined : id);
    }
  }

  /** The user id of a configured person named by one word ("Sam", "sam's"), unless the name is ambiguous. */
  person(word: string): string | undefined {
    return this.personByName.get(word.toLowerCase().replace(/'s?$/, ''));
  }

  /**
   * A service by its name or a configured alias, as people write it: `auth`, `Auth`, `auth-service`, `auth's`.
   * Services are never guessed: a typo in a deploy must fail loudly.
   */
  service(word: string): string | undefined {
    const key = word.toLowerCase().replace(/'s?$/, '');
    const direct = this.serviceByName.get(key);
    if (direct) return direct;
    const stem = /^(.+?)[-_](?:service|svc)$/.exec(key)?.[1];
    return stem ? this.serviceByName.get(stem) : undefined;
  }

  /** The service a Slack channel belongs to, when the config says so. */
  serviceOfChannel(channel: string | undefined): string | undefined {
    return channel ? this.serviceByChannel.get(channel) : undefined;
  }

  /** An environment by name, alias (prod, stg) or unambiguous prefix of three or more letters. */
  environment(word: string): string | undefined {
    if (this.environments.includes(word)) return word;
    const alias = ENVIRONMENT_ALIASES[word];
    if (alias && this.environments.includes(alias)) return alias;
    if (word.length < 3) return undefined;
    const matches = this.environments.filter((environment) => environment.startsWith(word));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** An environment by exact name or alias only: free text is full of words that start like one ("product"). */
  environmentExactly(word: string): string | undefined {
    if (this.environments.includes(word)) return word;
    // "live" is an adjective in free text ("is the fix live?"); only the command grammar reads it as production.
    const alias = word === 'live' ? undefined : ENVIRONMENT_ALIASES[word];
    return alias && this.environments.includes(alias) ? alias : undefined;
  }

  /** A team by name, or the team that owns a named service ("on call for frontend" means team web). */
  team(word: string): string | undefined {
    if (this.teams.includes(word)) return word;
    const service = this.service(word);
    return service ? this.teamOfService.get(service) : undefined;
  }

  /** One line naming what exists, for "unknown name" answers. */
  describe(): string {
    return `services: ${this.services.join(', ')}; environments: ${this.environments.join(', ')}`;
  }
}

const cache = new WeakMap<object, Vocabulary>();

/** The vocabulary of a config, built once per config object. */
export function vocabularyOf(config: VocabularyConfig): Vocabulary {
  let vocabulary = cache.get(config);
  if (!vocabulary) {
    vocabulary = new Vocabulary(config);
    cache.set(config, vocabulary);
  }
  return vocabulary;
}
