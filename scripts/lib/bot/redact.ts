// Keeps secrets out of everything the bot prints: every line, description and note passes through
// a redactor built from the secret values of the run. Pure.
//
// A server, a proxy or a library can echo the token in more shapes than the one we sent: raw, inside a
// JSON string, URL-encoded (either hex case, `+` for spaces), and base64 or base64url, alone or as part
// of a longer string such as the `user:token` of a Basic header. Base64 of a string that merely
// contains the token depends on where the token starts (its offset modulo 3), so each secret yields
// three "cores": the characters of its base64 that only the token's own bytes decide, one per
// alignment. Every one of those shapes is masked, and so is the value of any Basic/Bearer/token header.

export type Redactor = (text: string) => string;

export const MASK = '[MASKED]';

/** Shorter secrets (or base64 cores) would mask ordinary words. */
const MIN_SECRET = 4;
const MIN_CORE = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The part of base64(x + secret) that depends on the secret alone, for a secret starting `offset`
 * bytes (0, 1 or 2) into a 3-byte group: characters before it mix in the bytes in front, characters
 * after it the bytes behind.
 */
export function base64Core(secret: string, offset: 0 | 1 | 2): string {
  const bytes = Buffer.from(secret, 'utf8');
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const start = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(start, end);
}

/** Every literal shape in which `secret` can come back from a server or a library (URL forms: see urlPattern). */
export function encodingsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const shapes = [secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret)];
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(secret, offset);
    if (core.length < MIN_CORE) continue;
    shapes.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return shapes;
}

/** The secret with any of its characters percent-encoded or not, in either hex case, a space also as `+`. */
function urlPattern(secret: string): string {
  return [...secret]
    .map((char) => {
      const hex = encodeURIComponent(char) === char ? [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('') : encodeURIComponent(char);
      const encoded = hex.replace(/[0-9a-f]/gi, (digit) => (/[0-9]/.test(digit) ? digit : `[${digit.toLowerCase()}${digit.toUpperCase()}]`));
      return `(?:${escapeRegExp(char)}|${encoded}${char === ' ' ? '|\\+' : ''})`;
    })
    .join('');
}

/** Header values that are credentials whatever they hold ("Authorization: Basic …", "PRIVATE-TOKEN: …"). */
const CREDENTIAL_HEADERS = /\b(Basic|Bearer)(\s+)[A-Za-z0-9+/=._~-]{8,}|\b((?:private|job|deploy)[-_]token|authorization)(["']?\s*[:=]\s*["']?)(?!Basic\b|Bearer\b|\[MASKED\])[^\s"',;]{8,}/gi;

/** Replaces every occurrence of each secret, in every encoding above, with [MASKED]. */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const kept = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET))];
  const values = [...new Set(kept.flatMap(encodingsOf))].filter((v) => v.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  const sources = [...kept.map(urlPattern), ...values.map(escapeRegExp)];
  const pattern = sources.length > 0 ? new RegExp(sources.join('|'), 'g') : null;
  return (text) => {
    // Whole credential headers first, while their values are still intact; then every secret anywhere.
    const masked = text.replace(CREDENTIAL_HEADERS, (match, scheme: string | undefined, space: string, header: string | undefined, separator: string) =>
      scheme !== undefined ? `${scheme}${space}${MASK}` : header !== undefined ? `${header}${separator}${MASK}` : match,
    );
    return pattern ? masked.replace(pattern, MASK) : masked;
  };
}

/** At most `limit` characters of a server's answer, whitespace collapsed: enough to recognise it, never a page. */
export function excerpt(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit)}… (${flat.length - limit} more characters)`;
}

/** An error as one safe line: its name, HTTP status and message, never its request (which holds the token). */
export function describeError(error: unknown, redact: Redactor): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return redact(`${error.name}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error.message}`);
  }
  return redact(String(error));
}
