// The one HTML escape every HTML output uses (PDF print HTML, postings, catalog, the validation
// report): the five characters that can open markup or end an attribute. A leaf module, like
// types.ts, so every stage may import it.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
