// The shipped bin: scripts/jobfam.mjs runs the compiled, bundled dist/bin/ (built by
// tests/setup/build-dist.ts, as `npm ci` builds it through `prepare`), with ajv's standalone validators
// and no library a command does not use. The rest of the suite runs the sources in-process or this same bin.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../scripts/cli.ts';
import { schemaValidators } from '../scripts/lib/validate/schema-validators.ts';
import type { SchemaName } from '../scripts/lib/validate/schemas.ts';
import { repoRoot } from './helpers/paths.ts';
import { testdir } from './helpers/testdir.ts';
import { snapshot } from './helpers/snapshot.ts';
import { BUILD_RECORD } from '../scripts/lib/publish/build-cache.ts';

const BIN = path.join(repoRoot, 'scripts/jobfam.mjs');
const INVALID = 'tests/fixtures/invalid';

async function inProcess(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(args, {}, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repoRoot });
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the shipped bin (dist/)', () => {
  it('validates the invalid fixtures exactly as the sources do: same diagnostics, same exit code', async () => {
    const shipped = await execa('node', [BIN, 'validate', '--format', 'json', INVALID], { cwd: repoRoot, reject: false });
    const sources = await inProcess(['validate', '--format', 'json', INVALID]);
    expect(shipped.exitCode).toBe(1);
    expect(JSON.parse(shipped.stdout).length).toBeGreaterThan(20);
    expect({ exitCode: shipped.exitCode, stdout: shipped.stdout, stderr: shipped.stderr }).toEqual(sources);
  }, 30_000);

  it('runs no TypeScript: the bin imports the bundle dist/bin/cli.js and nothing under scripts/ but itself', async () => {
    const loaded = await loadedModules(['validate']);
    expect(loaded.some((url) => url.endsWith('/dist/bin/cli.js'))).toBe(true);
    // The bundle holds our code and the checks' libraries: a few dozen files, not the ~250 modules
    // tsc's output and node_modules were (scripts/build/bundle-bin.mjs says why).
    expect(loaded.filter((url) => url.includes('/dist/lib/'))).toEqual([]);
    expect(loaded.length).toBeLessThan(60);
    // Besides the bin itself, only its plain-JavaScript freshness check (scripts/build/dist-freshness.mjs).
    expect(loaded.filter((url) => url.includes('/scripts/') && !url.endsWith('/scripts/jobfam.mjs') && !url.endsWith('/scripts/build/dist-freshness.mjs'))).toEqual([]);
    expect(loaded.filter((url) => url.endsWith('.ts') || url.includes('/tsx/'))).toEqual([]);
  }, 30_000);

  it('`jobfam validate` loads neither the browser driver, the GitLab client, pdf-lib, git nor the schema compiler', async () => {
    const packages = new Set((await loadedModules(['validate'])).map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]).filter(Boolean));
    for (const heavy of ['puppeteer-core', '@gitbeaker/rest', '@gitbeaker/requester-utils', 'pdf-lib', 'cli-progress', 'execa', 'fast-xml-parser', 'ajv']) {
      expect(packages, heavy).not.toContain(heavy);
    }
    // What the bundle holds is not seen as a package: its loaded chunks must not hold those either.
    const chunks = (await loadedModules(['validate'])).filter((url) => url.includes('/dist/bin/')).map((url) => readFileSync(new URL(url), 'utf8'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const [what, marker] of [['the schema compiler', /\bcompileSchema\b|class Ajv\b/], ['the browser driver', /\bCdpBrowser\b/], ['the GitLab client', /@gitbeaker/], ['pdf-lib', /EncryptedPDFError/]] as const) {
      expect(chunks.filter((text) => marker.test(text)), what).toEqual([]);
    }
  }, 30_000);

  it("parses YAML with yaml's build that looks up no environment variable per token (scripts/build/yaml-build.mjs)", async () => {
    const chunks = (await loadedModules(['validate'])).filter((url) => url.includes('/dist/bin/')).map((url) => readFileSync(new URL(url), 'utf8'));
    const parser = chunks.filter((text) => text.includes('"flow-error-end"')); // yaml's parser and lexer
    expect(parser).toHaveLength(1);
    expect(parser[0]).not.toMatch(/LOG_TOKENS|LOG_STREAM/);
  }, 30_000);

  it('loads no execa for the PDF stage: its chunks and all they import statically (scripts/lib/run-command.ts)', () => {
    const bin = path.join(repoRoot, 'dist/bin');
    const imports = (file: string) => [...readFileSync(path.join(bin, file), 'utf8').matchAll(/^import [^;]*?from "([^"]+)";/gm)].map((m) => m[1]!);
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of imports(file)) target.startsWith('./') ? visit(target.slice(2)) : external.add(target);
    };
    const stage = readdirSync(bin).filter((f) => /^(write-pdfs|browser)-.*\.js$/.test(f));
    expect(stage).toHaveLength(2);
    stage.forEach(visit);
    expect(seen.size).toBeGreaterThan(5);
    expect(external).not.toContain('execa');
  });

  it('bundles no browser-download code: no proxy agent, PAC engine or FTP client (scripts/build/bundle-bin.mjs)', () => {
    const bin = path.join(repoRoot, 'dist/bin');
    const chunks = readdirSync(bin).filter((f) => f.endsWith('.js'));
    expect(chunks.filter((f) => readFileSync(path.join(bin, f), 'utf8').includes('jobfam downloads no browser'))).toHaveLength(1);
    for (const library of ['proxy-agent', 'pac-resolver', 'quickjs-emscripten', 'basic-ftp', 'socks-proxy-agent']) {
      expect(chunks.filter((f) => readFileSync(path.join(bin, f), 'utf8').includes(`node_modules/${library}/`)), library).toEqual([]);
    }
  });

  it('ships standalone validators that judge every bundled and fixture file as ajv compiling the schemas does', async () => {
    const shipped = (await import(pathToFileURL(path.join(repoRoot, 'dist/lib/validate/schema-validators.js')).href)) as {
      schemaValidators: typeof schemaValidators;
    };
    expect(readFileSync(path.join(repoRoot, 'dist/lib/validate/schema-validators.js'), 'utf8')).not.toMatch(/new Ajv|\.compile\(/);
    const files: Array<{ file: string; schema: SchemaName }> = [];
    for (const root of ['job-families', INVALID]) {
      for (const entry of readdirSync(path.join(repoRoot, root), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.yml')) continue;
        const schema: SchemaName =
          entry.name === '_grades.yml' ? 'grades' : entry.name === '_config.yml' ? 'config' : entry.name === '_openings.yml' ? 'openings' : 'family';
        files.push({ file: path.join(entry.parentPath, entry.name), schema });
      }
    }
    let failing = 0;
    for (const { file, schema } of files) {
      let data: unknown;
      try {
        data = parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // a YAML defect never reaches the schema
      }
      const compiled = schemaValidators()[schema];
      const standalone = shipped.schemaValidators()[schema];
      const errors = (v: typeof compiled) => (v(data) ? [] : (v.errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message })));
      const expected = errors(compiled);
      if (expected.length > 0) failing++;
      expect(errors(standalone), path.relative(repoRoot, file)).toEqual(expected);
    }
    expect(failing).toBeGreaterThanOrEqual(5);
  });

  it('ships every bundled template precompiled, and renders with them exactly what compiling them gives', async () => {
    type Precompiled = { PRECOMPILED: ReadonlyMap<string, unknown> };
    const shipped = (await import(pathToFileURL(path.join(repoRoot, 'dist/lib/handlebars/precompiled.js')).href)) as Precompiled;
    const { templateKey, TEMPLATE_OPTIONS } = await import('../scripts/lib/handlebars/compile.ts');
    const templates = readdirSync(path.join(repoRoot, 'templates'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(15);
    for (const name of templates) {
      const options = name.endsWith('.md.hbs') ? TEMPLATE_OPTIONS.markdown : TEMPLATE_OPTIONS.html;
      expect(shipped.PRECOMPILED.has(templateKey(readFileSync(path.join(repoRoot, 'templates', name), 'utf8'), options)), name).toBe(true);
    }
    // The whole build of the bundled families (pages, catalog, postings, the PDFs' print HTML aside):
    // the bin renders with the precompiled templates, the sources (vitest) compile them.
    const dir = await testdir();
    const env = { JOBFAM_TODAY: '2026-12-01' };
    const bin = await execa('node', [BIN, 'build', '--no-pdfs', '--out', path.join(dir, 'bin')], { cwd: repoRoot, env, reject: false });
    expect(bin.exitCode, bin.stderr).toBe(0);
    const sources = await main(['build', '--no-pdfs', '--out', path.join(dir, 'sources')], env, { out: () => undefined, err: () => undefined, cwd: repoRoot });
    expect(sources).toBe(0);
    const pages = (lines: string[]) => lines.filter((line) => !line.startsWith(`${BUILD_RECORD} `));
    const built = pages(await snapshot(path.join(dir, 'bin')));
    expect(built.length).toBeGreaterThan(10);
    expect(built).toEqual(pages(await snapshot(path.join(dir, 'sources'))));
  }, 30_000);
});

/** Every module URL the bin's process loads through the ESM loader (the CommonJS tree below a package is not seen). */
async function loadedModules(args: string[]): Promise<string[]> {
  const dir = await testdir();
  const hook = path.join(dir, 'record-loads.mjs');
  await writeFile(
    hook,
    `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
      "export async function load(url, context, next) { if (!url.startsWith('node:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }",
    )}));\n`,
  );
  const run = await execa('node', ['--import', pathToFileURL(hook).href, BIN, ...args], { cwd: repoRoot, reject: false });
  expect(run.exitCode).toBe(0);
  return run.stderr.split('\n').filter((line) => line.startsWith('LOADED ')).map((line) => line.slice('LOADED '.length));
}
