/** Removes secrets before anything reaches a log, an audit record, model context or error text. */

const SECRET_KEY = /(token|secret|password|passwd|api[_-]?key|authorization|credential|private[_-]?key|signing)/i;

// Shapes of well-known credentials, so a secret pasted into free text is caught too. Their prefixes are
// distinctive enough to need no word boundary on the left: `tok_xoxb-…` or `key_AKIA…` is still a secret
// (`_` is a word character, so `\b` would let it through), and redacting a rare look-alike costs nothing.
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]{8,}/g, // Slack app-level tokens
  /sk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys
  /gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/g, // AWS access key ids (long-lived and temporary)
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

export const REDACTED = '[REDACTED]';

const extraSecrets = new Set<string>();

/** Registers a literal secret (a configured token) so it is scrubbed wherever it appears. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) extraSecrets.add(secret);
}

// `scheme://user:password@host`: the userinfo of any URL (a DATABASE_URL, a backend URL in an error).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@<>|"']+@/gi;

// What every shape above must contain (case aside): text without any of these has nothing to scrub, and most text
// (every audit record's every field) has none, so one scan replaces nine. Each shape added above adds its mark here.
const ANY_SHAPE = /xox[abposr]-|xapp-|sk-ant-|gh[pousr]_|github_pat_|AKIA|ASIA|bearer|-----BEGIN|:\/\//i;

export function redactText(text: string): string {
  let out = text;
  for (const secret of extraSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (!ANY_SHAPE.test(out)) return out;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return redactUrlUserinfo(out);
}

/** Replaces the `user:password@` of every URL in `text` with `[REDACTED]@`. */
export function redactUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

/** Deep copy with secret-named keys replaced and secret-shaped strings scrubbed. */
export function redact<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined && inner !== '' ? REDACTED : redactValue(inner);
    }
    return out;
  }
  return value;
}
