/**
 * A private PostgreSQL cluster for one test file: its own data folder, port and socket folder, so a test can
 * stop it, start it and cut its connections without touching the machine's shared server (5432).
 *
 * NOTE: postgres refuses to run as root. As root, the binaries run as the `postgres` user (runuser) and the
 * temp folders are handed to that user; as anyone else they run directly.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPostgres } from './availability.js';
import { openExternalDb, withDb } from './external-db.js';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The same server, another database. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown (clients are disconnected, a checkpoint is written), waits until it is down. */
  stop(): Promise<void>;
  /** Starts again on the same port with the same data. */
  start(): Promise<void>;
  /** pg_terminate_backend of every client backend except ours (of one database when given); returns how many. */
  terminateConnections(dbName?: string): Promise<number>;
  /** The server log (for failure messages). */
  log(): Promise<string>;
  /** Stops (immediately) and deletes the folder. */
  destroy(): Promise<void>;
}

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function exec(cmd: string, args: string[], what: string): Promise<string> {
  const [file, argv] = asPostgres(cmd, args);
  try {
    const { stdout, stderr } = await run(file, argv, { timeout: 120_000 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bins = findPostgres();
  if (!bins)
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql');
  const base = await mkdtemp(join(tmpdir(), 'twin-fault-pg-'));
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'sock');
  const logFile = join(base, 'postgres.log');
  await run('mkdir', ['-p', socketDir]);
  if (isRoot) await run('chown', ['-R', 'postgres:postgres', base]);
  const port = await freePort();

  await exec(
    bins.initdb,
    ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync'],
    'initdb',
  );
  // NOTE: fsync off: these tests kill the service and stop PostgreSQL cleanly, never crash PostgreSQL itself,
  // so durability of the server's own files is not under test and the shared machine's disk is spared.
  const serverOptions = [
    `-p ${port}`,
    `-k ${socketDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=100',
  ].join(' ');

  let running = false;
  const start = async () => {
    await exec(
      bins.pgCtl,
      ['-D', dataDir, '-l', logFile, '-w', '-t', '120', '-o', serverOptions, 'start'],
      'pg_ctl start',
    );
    running = true;
  };
  const stop = async () => {
    await exec(bins.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '120', 'stop'], 'pg_ctl stop');
    running = false;
  };

  // If the test process dies without its afterAll, do not leave a server behind.
  const onExit = () => {
    if (!running) return;
    try {
      const [file, argv] = asPostgres(bins.pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
      execFileSync(file, argv, { stdio: 'ignore', timeout: 20_000 });
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);

  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

  return {
    url,
    port,
    urlFor,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await withDb(openExternalDb(url), (db) => db.query(`create database ${name}`));
      return urlFor(name);
    },
    stop,
    start,
    async terminateConnections(dbName) {
      return withDb(openExternalDb(url), async (db) => {
        const rows = await db.query<{ n: number }>(
          `select count(*)::int as n from (
             select pg_terminate_backend(pid) from pg_stat_activity
             where backend_type = 'client backend' and pid <> pg_backend_pid()
               and ($1::text is null or datname = $1)) t`,
          [dbName ?? null],
        );
        return rows[0]?.n ?? 0;
      });
    },
    async log() {
      return readFile(logFile, 'utf8').catch(() => '');
    },
    async destroy() {
      if (running) {
        await exec(bins.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop').catch(
          () => {},
        );
        running = false;
      }
      process.removeListener('exit', onExit);
      await rm(base, { recursive: true, force: true });
    },
  };
}
