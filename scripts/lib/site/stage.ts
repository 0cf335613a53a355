import type { Stage } from '../commands.ts';

export const siteStage: Stage = async () => ({ stage: 'site', diagnostics: [], summary: 'not yet' });
