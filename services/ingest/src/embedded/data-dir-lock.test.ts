import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.js';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one process in at a time, and the next one in once released', async () => {
    const unlock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'twin.lock'), 'utf8')).toBe(String(process.pid));
    // Another live process holds it (the parent of this one is alive and is not us).
    await writeFile(join(dir, 'twin.lock'), String(process.ppid));
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirInUseError);
    await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    await unlock();
    const again = await lockDataDir(dir);
    await again();
  });

  it('takes over a lock left by a process that is gone (kill -9)', async () => {
    // PIDs above the kernel's pid_max do not exist.
    await writeFile(join(dir, 'twin.lock'), '2147483646');
    const unlock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'twin.lock'), 'utf8')).toBe(String(process.pid));
    await unlock();
  });
});
