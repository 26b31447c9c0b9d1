import { call, incomplete, type Phrasing } from './parsed-command.js';
import { isVersion } from './tokens.js';

/** `release prepare`, `release prepare v2026.11.1`, `release publish v2026.11.1`, `prepare release`, `publish release v…`. */
const release: Phrasing = ({ tokens, words }) => {
  let verb: string | undefined;
  if (words[0] === 'release') verb = words[1];
  else if ((words[0] === 'prepare' || words[0] === 'publish' || words[0] === 'cut') && (words[1] === 'release' || words[1] === 'a')) verb = words[0];
  else return undefined;
  const version = tokens.find((token) => isVersion(token.word))?.word;
  if (verb === 'prepare' || verb === 'cut') return call('release', 'release_prepare', { version });
  if (verb === 'publish') {
    if (!version) return incomplete('release', 'release_publish', {}, 'Which version? e.g. release publish v2026.11.1.');
    return call('release', 'release_publish', { version });
  }
  return incomplete('release', 'release_prepare', { version }, 'Prepare or publish? e.g. "release prepare" or "release publish v2026.11.1".');
};

/** Releases. */
export const releasePhrasings: readonly Phrasing[] = [release];
