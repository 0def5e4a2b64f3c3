/**
 * One process at a time on an embedded data folder: PGlite has no postmaster to refuse a second process, and
 * two writing one folder corrupt it (a second `pnpm start`, or `pnpm refold` while the service runs).
 * A lock file holds the owner's pid; a lock left by a process that is gone (kill -9) is taken over.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError } from '../startup-error.js';

export class DataDirInUseError extends StartupError {
  constructor(dir: string, pid: number) {
    super(
      `the embedded database in ${dir} is in use by process ${pid} (a running service?): stop it first, or set DATA_DIR to another folder`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'twin.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => unlink(file).catch(() => {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new DataDirInUseError(dir, pid);
      await unlink(file).catch(() => {});
    }
  }
  throw new Error(`could not lock ${file}`);
}
