// The day a build runs: it decides which openings have expired. Read from the world at the edge
// (the clock), or pinned with JOBFAM_TODAY=YYYY-MM-DD for reproducible builds and tests.
export function todayOf(env: Readonly<Record<string, string | undefined>>, now: Date = new Date()): string {
  const pinned = env.JOBFAM_TODAY;
  if (pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return now.toISOString().slice(0, 10);
}
