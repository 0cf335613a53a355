// Filesystem trouble: the one place errno codes become words. A Node filesystem or spawn error is
// the operator's to fix (a full disk, a read-only folder, a file where a folder must go), so it is one
// sentence naming the path and what to do, never a stack trace.

/** What went wrong and what to do, by errno code; `{path}` is the file or folder the system named. */
const FILESYSTEM_PROBLEMS: Record<string, { what: string; todo: string }> = {
  EISDIR: { what: 'is a folder, where a file is expected', todo: 'Replace it with a file, or remove it.' },
  ENOTDIR: { what: 'is not a folder (it, or a folder above it, is a file)', todo: 'Choose another path, or move the file away.' },
  EEXIST: { what: 'already exists and is in the way', todo: 'Choose another path, or move what is there away.' },
  EACCES: { what: 'is not accessible: permission denied', todo: 'Give the user running jobfam read and write permission there, or choose another path.' },
  EPERM: { what: 'may not be changed: operation not permitted', todo: 'Give the user running jobfam permission there, or choose another path.' },
  EROFS: { what: 'is on a read-only filesystem', todo: 'Write the output to a writable folder (--out DIR).' },
  ENOSPC: { what: 'could not be written: the disk is full', todo: 'Free some space (or choose --out on another disk) and run the command again.' },
  EDQUOT: { what: 'could not be written: the disk quota is exhausted', todo: 'Free some space and run the command again.' },
  ENAMETOOLONG: { what: 'has a name too long for the filesystem', todo: 'Use shorter file and folder names.' },
  ENOENT: { what: 'does not exist', todo: 'Check the path.' },
  ELOOP: { what: 'is a loop of symbolic links', todo: 'Fix the symbolic link.' },
  EMFILE: { what: 'could not be opened: too many open files', todo: 'Raise the limit (ulimit -n) and run the command again.' },
  EBUSY: { what: 'is busy (a mount point or a file in use)', todo: 'Use a folder inside the mount point as --out, or close what holds it.' },
  EXDEV: { what: 'is on another filesystem than its staging folder', todo: 'Choose an --out folder whose parent folder is on the same disk.' },
  EIO: { what: 'could not be read or written: an input/output error', todo: 'Check the disk.' },
};

/** A Node filesystem or spawn error (`code`, `path`, `syscall`) as one clear sentence, or null for other errors. */
export function describeFilesystemError(error: unknown, cwd: string): string | null {
  const e = error as NodeJS.ErrnoException & { spawnargs?: unknown };
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return null;
  const problem = FILESYSTEM_PROBLEMS[e.code];
  if (!problem) return null;
  const where = typeof e.path === 'string' ? relativeTo(cwd, e.path) : null;
  if (e.syscall?.startsWith('spawn')) {
    return `Could not start ${where ?? 'a program'}: it ${problem.what}. Point PUPPETEER_EXECUTABLE_PATH (or pdf.browser) at the Chromium executable file.`;
  }
  return `${where ?? 'A file'} ${problem.what} (${e.code}${e.syscall ? ` in ${e.syscall}` : ''}). ${problem.todo}`;
}

function relativeTo(cwd: string, file: string): string {
  if (!file.startsWith('/')) return file;
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) || '.' : file;
}
