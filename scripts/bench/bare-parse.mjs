#!/usr/bin/env node
// The yardstick of `npm run bench`: a bare node process that reads every .yml file under the given
// directories and parses it with the `yaml` package (with line positions, as jobfam does), nothing else.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

let files = 0;
for (const dir of process.argv.slice(2)) {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.yml')) continue;
    const doc = parseDocument(await readFile(path.join(entry.parentPath, entry.name), 'utf8'), { lineCounter: new LineCounter() });
    doc.toJS();
    files++;
  }
}
process.stderr.write(`${files} files parsed\n`);
