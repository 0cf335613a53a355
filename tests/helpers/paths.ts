import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = path.resolve(repoRoot, '../shared');
export const familiesDir = path.join(repoRoot, 'job-families');
export const templatesDir = path.join(repoRoot, 'templates');
