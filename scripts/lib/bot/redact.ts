// Keeps secrets out of everything the bot prints: every line, description and note passes through
// a redactor built from the secret values of the run. Pure.

export type Redactor = (text: string) => string;

export const MASK = '[MASKED]';

/** Replaces every occurrence of each secret (and of its URL-encoded form) with [MASKED]. */
export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))]
    .flatMap((s) => [s, encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** An error as one safe line: its name, HTTP status and message, never its request (which holds the token). */
export function describeError(error: unknown, redact: Redactor): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return redact(`${error.name}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error.message}`);
  }
  return redact(String(error));
}
