import { SingleBar } from 'cli-progress';

/** A progress bar on stderr that shows a few live figures; silent when stderr is not a terminal. */
export function progressBar(label: string, total: number) {
  if (!process.stderr.isTTY) {
    let lastPrinted = -1;
    return {
      update(value: number, figures: Record<string, string | number>) {
        const tenth = Math.floor((value / Math.max(1, total)) * 10);
        if (tenth === lastPrinted) return;
        lastPrinted = tenth;
        const text = Object.entries(figures)
          .map(([key, figure]) => `${key}=${figure}`)
          .join(' ');
        process.stderr.write(`${label} ${Math.round((value / Math.max(1, total)) * 100)}% ${text}\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {figures}`,
    barsize: 30,
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(total, 0, { figures: '' });
  return {
    update(value: number, figures: Record<string, string | number>) {
      bar.update(value, {
        figures: Object.entries(figures)
          .map(([key, figure]) => `${key} ${figure}`)
          .join(' | '),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
