#!/usr/bin/env node
// `jobfam build --no-pdfs` (the CI `build` job) with --force's effect, in one process of the shipped dist/:
// validate once, then the handbook, postings and catalog stages. For `npm run bench` only.
// Usage: node scripts/bench/build-without-pdfs.mjs FAMILIES_DIR OUT_DIR
import { BUILD_STAGES, buildAll, pdfStage } from '../../dist/bin/commands.js';

const [familiesDir, outDir] = process.argv.slice(2);
// force: every round measures the work itself, not the build cache answering "nothing changed".
const result = await buildAll({ familiesDir, outDir, force: true }, process.cwd(), process.env, BUILD_STAGES.filter((stage) => stage !== pdfStage));
for (const stage of result.stages) process.stderr.write(`${stage.stage}: ${stage.summary}\n`);
process.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
