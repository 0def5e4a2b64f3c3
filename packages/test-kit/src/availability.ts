/**
 * Whether the tools the fault and browser tests need (a PostgreSQL server's binaries, Mosquitto) are installed.
 * Missing tools make the tests SKIPPED with the reason in the title on a developer machine, and FAILING
 * under CI=true: CI must never silently skip them.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export interface PostgresBinaries {
  version: string;
  bin: string;
  initdb: string;
  pgCtl: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The newest /usr/lib/postgresql/<ver>/bin that has initdb and pg_ctl (or PG_BIN_DIR when set). */
export function findPostgres(): PostgresBinaries | null {
  const candidates: { version: string; bin: string }[] = [];
  if (process.env.PG_BIN_DIR) candidates.push({ version: 'PG_BIN_DIR', bin: process.env.PG_BIN_DIR });
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions)
      candidates.push({ version, bin: join('/usr/lib/postgresql', version, 'bin') });
  } catch {
    // no PostgreSQL installed from Debian packages
  }
  for (const c of candidates) {
    const initdb = join(c.bin, 'initdb');
    const pgCtl = join(c.bin, 'pg_ctl');
    if (executable(initdb) && executable(pgCtl)) return { ...c, initdb, pgCtl };
  }
  return null;
}

/** Path of an executable on PATH (plus the sbin folders, where Debian puts mosquitto). */
export function which(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, name);
    if (executable(path)) return path;
  }
  return null;
}

export function findMosquitto(): string | null {
  return which('mosquitto');
}

export type Tool = 'postgres' | 'mosquitto';

/** The reason a tool is missing, or null when it is there. FAULT_PRETEND_MISSING=postgres,mosquitto checks the skip path. */
export function missing(tool: Tool): string | null {
  const pretend = (process.env.FAULT_PRETEND_MISSING ?? '').split(',').map((t) => t.trim());
  if (pretend.includes(tool))
    return `${tool === 'postgres' ? 'PostgreSQL server binaries' : 'mosquitto'} not installed (FAULT_PRETEND_MISSING)`;
  if (tool === 'postgres')
    return findPostgres() ? null : 'PostgreSQL server binaries (initdb, pg_ctl) not installed';
  return findMosquitto() ? null : 'mosquitto not installed';
}

export const isCI = process.env.CI === 'true';

/**
 * describe() when every tool is there; otherwise a skipped describe whose title says why, or (under CI) a
 * describe with one failing test that says what is missing.
 */
export function describeWith(tools: Tool[], title: string, body: () => void): void {
  const reasons = tools.map(missing).filter((r): r is string => r !== null);
  if (reasons.length === 0) {
    describe(title, body);
    return;
  }
  const why = reasons.join('; ');
  if (isCI) {
    describe(title, () => {
      it(`cannot run: ${why}`, () => {
        throw new Error(`CI=true and the fault tests cannot run: ${why}. Install them on the CI image.`);
      });
    });
  } else {
    describe.skip(`${title} (skipped: ${why})`, body);
  }
}
