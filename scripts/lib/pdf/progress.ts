// How a PDF run shows it is alive: a cli-progress bar on a terminal, plain lines at every tenth of
// the work otherwise (CI logs keep each line, so a redrawn bar would be noise). Count-based, not
// time-based, so the same run prints the same lines.
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  start: (total: number) => void;
  tick: (label: string) => void;
  stop: () => void;
}

export interface ProgressStream {
  write: (text: string) => unknown;
  isTTY?: boolean;
}

export const silentProgress: ProgressReporter = { start: () => undefined, tick: () => undefined, stop: () => undefined };

export function createProgress(stream: ProgressStream & NodeJS.WritableStream): ProgressReporter {
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function barProgress(stream: NodeJS.WritableStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: 'pdf {bar} {value}/{total} {percentage}% | {rate} PDFs/s | {label}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  return {
    start: (total) => {
      started = performance.now();
      bar.start(total, 0, { rate: '0.0', label: '' });
    },
    tick: (label) => {
      const done = bar.getProgress() * bar.getTotal() + 1;
      bar.increment(1, { rate: (done / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(1), label });
    },
    stop: () => bar.stop(),
  };
}

export function lineProgress(stream: ProgressStream): ProgressReporter {
  let total = 0;
  let done = 0;
  let step = 1;
  let started = 0;
  return {
    start: (n) => {
      total = n;
      done = 0;
      step = Math.max(1, Math.ceil(n / 10));
      started = performance.now();
    },
    tick: () => {
      done++;
      if (done % step !== 0 && done !== total) return;
      const rate = done / Math.max((performance.now() - started) / 1000, 0.001);
      stream.write(`pdf: ${done}/${total} (${Math.round((100 * done) / total)}%), ${rate.toFixed(1)} PDFs/s\n`);
    },
    stop: () => undefined,
  };
}
