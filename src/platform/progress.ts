import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr for long work (imports, exports, seeding). On a terminal it
 * redraws in place; elsewhere (CI logs, pipes) it prints a line every ten percent at most.
 */
export function progressBar(label: string, unit = 'items', stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, hideCursor: true, stream: stream as NodeJS.WriteStream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total ?? done, done);
          started = true;
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total) {
      if (!total) return;
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total} ${unit} (${Math.round((done / total) * 100)}%)\n`);
      }
    },
    stop() {},
  };
}
