import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 100;

/**
 * WAL pages after which a committing connection checkpoints by itself: the safety net if the
 * worker falls behind or dies (SQLite's default is 1,000 pages, 4 MB).
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * The worker's whole program. It runs as CommonJS from a string, so it works the same under tsx
 * and from the build, and it loads better-sqlite3 from the absolute path resolved here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Another process's checkpoint holds the lock; the next tick tries again.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

/** A running checkpointer; `close` stops it and closes its connection. */
export interface WalCheckpointer {
  close(): Promise<void>;
}

/**
 * Checkpoints the WAL of the SQLite file at `path` from a worker thread, so the event loop that
 * commits claims no longer copies pages into the database file itself: with SQLite's default, the
 * commit that takes the WAL past 1,000 pages runs the whole checkpoint inline, and a claim batch on
 * random shopper ids and codes dirties about that many pages. PASSIVE never blocks a writer or a
 * reader; the writer's own auto-checkpoint stays on at WRITER_AUTOCHECKPOINT_PAGES, and
 * `onFailure` hears if the worker dies (the caller then gives the writer its default back).
 */
export function startWalCheckpointer(
  path: string,
  onFailure: (error: unknown) => void,
  everyMs = CHECKPOINT_EVERY_MS,
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, everyMs } });
  worker.unref();
  worker.on('error', onFailure);
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().then(() => resolve());
        };
        worker.once('message', done);
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
      return closing;
    },
  };
}
