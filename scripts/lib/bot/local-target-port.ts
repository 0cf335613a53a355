// The GitLab port offline: a read-only target project whose default branch holds `pages` (the handbook
// as the families at a git revision render it). It has no merge requests, no commits of its own and
// no users to check, so a dry run against it shows every MR the bot would open from scratch. Writes are
// refused: only dry runs use it.
import { GitLabError, type GitLabPort } from './gitlab-port.ts';

export function createLocalTargetPort(pages: ReadonlyMap<string, string>, target: { label: string; head: string }): GitLabPort {
  const readOnly = async (): Promise<never> => {
    throw new GitLabError('unexpected', null, `${target.label} is offline and read-only; only a dry run can use it.`);
  };
  return {
    currentUser: async () => ({ id: 0, username: 'offline' }),
    project: async () => ({ id: 0, path: target.label, defaultBranch: 'main', archived: false, mergeRequestsEnabled: true, accessLevel: 0 }),
    listFiles: async (_, dir) => [...pages.keys()].filter((file) => dir === '' || file.startsWith(`${dir}/`)).sort(),
    readFile: async (_, file) => pages.get(file) ?? null,
    branchHead: async () => target.head,
    listCommits: async () => [],
    listMergeRequests: async () => [],
    // Offline nobody can be looked up; the plan names reviewers as configured, unverified.
    findUser: async (username) => ({ id: 0, username }),
    commitFiles: readOnly,
    createMergeRequest: readOnly,
    updateMergeRequest: readOnly,
    createNote: readOnly,
  };
}
