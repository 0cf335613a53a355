// `jobfam bot`: read the world → plan every family's MR and the pay bands' (pure) → apply the plans → report from the
// outcome values. Stateless: each run derives everything from the YAML and GitLab, so a missed
// pipeline loses nothing. Everything printed or written passes through the redactor.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BotCommand } from '../config.ts';
import type { Diagnostic } from '../types.ts';
import { GitLabError } from './gitlab-port.ts';
import { readBotWorld, type ReadOptions } from './read-bot-world.ts';
import { planMergeRequests, type PlanSettings } from './plan-merge-requests.ts';
import { planPayBands } from './plan-pay-bands.ts';
import { applyPlans } from './apply-plans.ts';
import { explainFailure, reportBot } from './bot-report.ts';
import { createRedactor, describeError } from './redact.ts';

export { DEVELOPER_ACCESS, DEFAULT_TARGET_DIR } from './read-bot-world.ts';
export { outcomeText } from './bot-report.ts';

export interface BotIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface BotResult {
  /** 0 ok, 1 invalid data, 2 usage, 3 GitLab unreachable or refused. */
  exitCode: 0 | 1 | 2 | 3;
  diagnostics: Diagnostic[];
}

export type RunBotOptions = ReadOptions;

export async function runBot(command: BotCommand, cwd: string, io: BotIo, options: RunBotOptions): Promise<BotResult> {
  const redact = createRedactor([command.gitlab.token]);
  const out = (text: string) => io.out(redact(text));
  const err = (text: string) => io.err(redact(text));
  // Reading turns GitLab's failures into values; a bad --published revision is a usage error for cli.ts.
  const read = await readBotWorld(command, cwd, options);
  for (const line of read.ok ? read.world.notices : read.notices) err(line);
  if (!read.ok) {
    if (read.error) err(`jobfam bot: ${explainFailure(read.error, read.target ?? '', command.gitlab.token !== null)}`);
    if (read.message) err(`jobfam bot: ${read.message}`);
    return { exitCode: read.exitCode, diagnostics: read.diagnostics };
  }
  const { world } = read;
  const { diagnostics } = world.source;
  try {
    const settings: PlanSettings = {
      targetBranch: world.targetBranch,
      targetDir: world.targetDir,
      sourceRoot: world.source.root,
      sourceSha: command.gitlab.commitSha,
      grades: world.source.grades,
      bot: world.source.bot,
      language: world.source.language,
      ownPages: [world.source.payBands.path],
    };
    const { plans: familyPlans, unowned } = planMergeRequests(world.source.families, world.published, settings);
    // The bands are reviewed on their own: one MR after the families', never inside one of them.
    const payBands = planPayBands(world.source.payBands, world.published, settings);
    const plans = payBands ? [...familyPlans, payBands] : familyPlans;
    const applied = await applyPlans(world.port, plans, { project: world.target, defaultHead: world.defaultHead, dryRun: command.dryRun });
    const report = reportBot({ applied, unowned, targetBranch: world.targetBranch, projectPath: world.projectPath, sourceSha: command.gitlab.commitSha, dryRun: command.dryRun });
    for (const line of report.err) err(line);
    for (const line of report.out) out(line);
    if (command.planFile) {
      const file = path.resolve(cwd, command.planFile);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${redact(JSON.stringify(report.plan, null, 2))}\n`);
    }
    return { exitCode: report.exitCode, diagnostics };
  } catch (error) {
    if (error instanceof GitLabError) {
      err(`jobfam bot: ${explainFailure(error, world.target, command.gitlab.token !== null)}`);
      return { exitCode: 3, diagnostics };
    }
    // Anything else is a bug: print it, redacted, without any request object (those hold the token).
    err(`jobfam bot: unexpected failure: ${describeError(error, redact)}`);
    if (error instanceof Error && error.stack) err(redact(error.stack));
    return { exitCode: 3, diagnostics };
  }
}
