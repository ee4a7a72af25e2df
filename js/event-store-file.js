// FileEventStore: an EventTracker's snapshot in one file (Node). Saved by writing a temporary
// file beside it, fsyncing it, renaming it over the old one and fsyncing the directory, so a crash
// at any moment leaves either the old snapshot or the new one, never a torn file.
//
// One process at a time: open() takes `FILE.lock` (created exclusively, holding the pid); a lock
// whose process is gone is taken over, so a crash does not lock the file for ever.

import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

import { EdgerecError, StatusCode } from './errors.js';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM'; // exists, owned by someone else
  }
}

const openHere = new Set(); // lock files this process holds

async function takeLock(lockPath, path) {
  if (openHere.has(lockPath)) {
    throw new EdgerecError(StatusCode.FAILED_PRECONDITION,
      `the event store ${path} is in use by process ${process.pid} (this one): close its tracker first`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      openHere.add(lockPath);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') {
        throw new EdgerecError(StatusCode.IO_ERROR, `could not lock the event store ${path}: ${e.message}`, { cause: e });
      }
    }
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    // Our own pid without an open store here: a previous process's lock, its pid reused.
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new EdgerecError(
        StatusCode.FAILED_PRECONDITION,
        `the event store ${path} is in use by process ${holder} (lock ${lockPath}); give each process its own storePath`,
      );
    }
    await rm(lockPath, { force: true }); // its process is gone: take it over
  }
  throw new EdgerecError(StatusCode.IO_ERROR, `could not lock the event store ${path}: another process keeps taking ${lockPath}`);
}

export class FileEventStore {
  #path;
  #lockPath;
  #saves = 0;
  #closed = false;

  constructor(path, lockPath) {
    this.#path = path;
    this.#lockPath = lockPath;
  }

  /** Opens (and locks) the store at `path`, creating its directory if needed. */
  static async open(path) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new EdgerecError(StatusCode.INVALID_INPUT, `storePath must be a file path, got ${JSON.stringify(path)}`);
    }
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (e) {
      throw new EdgerecError(StatusCode.IO_ERROR, `could not create the directory of the event store ${path}: ${e.message}`, { cause: e });
    }
    const lockPath = `${path}.lock`;
    await takeLock(lockPath, path);
    return new FileEventStore(path, lockPath);
  }

  get path() {
    return this.#path;
  }

  async load() {
    try {
      return new Uint8Array(await readFile(this.#path));
    } catch (e) {
      if (e.code === 'ENOENT') return null;
      throw new EdgerecError(StatusCode.IO_ERROR, `could not read the event store ${this.#path}: ${e.message}`, { cause: e });
    }
  }

  async save(snapshot) {
    if (this.#closed) throw new EdgerecError(StatusCode.FAILED_PRECONDITION, `the event store ${this.#path} is closed`);
    const temp = join(dirname(this.#path), `.${basename(this.#path)}.${process.pid}.${++this.#saves}.tmp`);
    try {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(snapshot);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.#path);
      const dir = await open(dirname(this.#path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (e) {
      await rm(temp, { force: true }).catch(() => {});
      throw new EdgerecError(StatusCode.IO_ERROR, `could not save the event store ${this.#path}: ${e.message}`, { cause: e });
    }
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    await rm(this.#lockPath, { force: true });
    openHere.delete(this.#lockPath);
  }
}
