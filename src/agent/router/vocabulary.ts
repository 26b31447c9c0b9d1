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

/** The names the router recognises, taken from the configured catalog so a new service needs no code. */
export class Vocabulary {
  readonly services: string[];
  readonly environments: string[];
  readonly teams: string[];
  private readonly teamOfService: Map<string, string>;

  constructor(config: Pick<Config, 'services' | 'environments' | 'teams'>) {
    this.services = config.services.map((service) => service.name);
    this.environments = [...config.environments];
    this.teams = config.teams.map((team) => team.name);
    this.teamOfService = new Map(config.services.map((service) => [service.name, service.team]));
  }

  /** An exact service name (services are never guessed: a typo in a deploy must fail loudly). */
  service(word: string): string | undefined {
    return this.services.includes(word) ? word : undefined;
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

  /** A team by name, or the team that owns a named service ("on call for frontend" means team web). */
  team(word: string): string | undefined {
    if (this.teams.includes(word)) return word;
    return this.teamOfService.get(word);
  }

  /** One line naming what exists, for "unknown name" answers. */
  describe(): string {
    return `services: ${this.services.join(', ')}; environments: ${this.environments.join(', ')}`;
  }
}

const cache = new WeakMap<object, Vocabulary>();

/** The vocabulary of a config, built once per config object. */
export function vocabularyOf(config: Pick<Config, 'services' | 'environments' | 'teams'>): Vocabulary {
  let vocabulary = cache.get(config);
  if (!vocabulary) {
    vocabulary = new Vocabulary(config);
    cache.set(config, vocabulary);
  }
  return vocabulary;
}
