// The human-readable validation report, exposed in the merge request (`artifacts:expose_as`): one
// self-contained page (no scripts, no external requests) a maintainer can read without the job log.
// Every value from the data is escaped. Pure.
import type { Diagnostic } from '../types.ts';
import { escapeHtml } from '../escape-html.ts';
import { toPosixPath } from './fingerprint.ts';

export interface HtmlReportOptions {
  /** Base of links to the checked files, e.g. `https://gitlab.example.com/g/p/-/blob/<sha>`; no links without it. */
  blobUrl?: string | undefined;
  title?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f1e24}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem;word-break:break-all}
.ok{color:#108548}.fail{color:#c91c00}
ol{padding-left:1.2rem}li{margin:.6rem 0}code{font-size:.9em}
.error{color:#c91c00;font-weight:600}.warning{color:#9e5400;font-weight:600}.info{color:#1f75cb;font-weight:600}.hint{color:#535158}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem .8rem .2rem 0;border-bottom:1px solid #dcdcde}td.n{text-align:right}`;

/** The per-family language summary (counts and verdict), from the language-gender-coded diagnostics. */
function languageTable(diagnostics: readonly Diagnostic[]): string {
  const rows = diagnostics
    .filter((d) => d.summary !== undefined)
    .map((d) => ({ file: toPosixPath(d.file), summary: d.summary! }))
    .sort((a, b) => a.file.localeCompare(b.file));
  if (rows.length === 0) return '';
  const top = (words: Record<string, number>) =>
    Object.entries(words)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, 5)
      .map(([stem, n]) => `${stem} ${n}`)
      .join(', ');
  const body = rows
    .map(
      ({ file, summary: s }) =>
        `<tr><td><code>${escapeHtml(file)}</code></td><td class="n">${s.masculine}</td><td class="n">${s.feminine}</td><td>${escapeHtml(s.verdict)}</td><td>${escapeHtml(top(s.masculineWords))}</td><td>${escapeHtml(top(s.feminineWords))}</td></tr>`,
    )
    .join('\n');
  return `<h2>Language summary</h2>
<p class="hint">Gender-coded words after Gaucher, Friesen &amp; Kay (2011); the verdict compares the counts.</p>
<table>
<tr><th>Family</th><th>Masculine-coded</th><th>Feminine-coded</th><th>Verdict</th><th>Most frequent masculine</th><th>Most frequent feminine</th></tr>
${body}
</table>`;
}

export function buildHtmlReport(files: readonly string[], diagnostics: readonly Diagnostic[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'Job family validation';
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(toPosixPath(d.file), [...(byFile.get(toPosixPath(d.file)) ?? []), d]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const clean = files.map(toPosixPath).filter((f) => !byFile.has(f));

  const where = (file: string, d: Diagnostic) => {
    // The file is the section's heading; an item names its place in it.
    const label = `line ${d.line}, column ${d.column}`;
    if (!options.blobUrl) return `<code>${label}</code>`;
    const href = `${options.blobUrl.replace(/\/$/, '')}/${file.split('/').map(encodeURIComponent).join('/')}#L${d.line}`;
    return `<a href="${escapeHtml(href)}"><code>${label}</code></a>`;
  };
  const sections = [...byFile.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, found]) => {
      const items = found
        .map(
          (d) =>
            `<li>${where(file, d)} <span class="${d.severity}">${d.severity}</span> <code>${escapeHtml(d.code)}</code><br>` +
            `${escapeHtml(d.message)}<br><span class="hint">Fix: ${escapeHtml(d.hint)}</span></li>`,
        )
        .join('\n');
      return `<h2>${escapeHtml(file)}</h2>\n<ol>\n${items}\n</ol>`;
    });
  const verdict =
    errors > 0
      ? `<p class="fail">${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(byFile.size, 'file')}: the pipeline fails and nothing is published until they are fixed.</p>`
      : `<p class="ok">${plural(files.length, 'family file')} checked: no errors${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}.</p>`;
  const cleanList = clean.length > 0 ? `<h2>Valid files</h2>\n<ul>\n${clean.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('\n')}\n</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${verdict}
${[languageTable(diagnostics), ...sections, cleanList].filter(Boolean).join('\n')}
</body>
</html>
`;
}
