/**
 * A private Mosquitto for one test file, configured as production should be: persistent sessions saved to
 * disk, no per-client queue limit that drops QoS 1 messages silently (ENVIRONMENT.md), no in-flight limit.
 * stop() is SIGTERM: Mosquitto writes its persistence file on exit, so start() finds the sessions again.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findMosquitto, freePort, sleep, waitFor } from '@twin/test-kit';

const run = promisify(execFile);
const LOG_KEEP = 256 * 1024;

export interface OwnMosquitto {
  /** mqtt://127.0.0.1:<port> */
  url: string;
  port: number;
  pid(): number | null;
  running(): boolean;
  /** SIGTERM and wait for the exit (Mosquitto saves its persistence file then). */
  stop(): Promise<void>;
  /** SIGKILL: nothing saved since the last save. */
  kill9(): Promise<void>;
  /** SIGSTOP / SIGCONT: the broker stops reading its sockets but keeps them open. */
  pause(): void;
  resume(): void;
  /** Starts again: same port, same configuration and persistence folder. */
  start(): Promise<void>;
  /** The broker's log (stderr) of every start so far, the last 256 KiB. */
  log(): string;
  destroy(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startOwnMosquitto(): Promise<OwnMosquitto> {
  const bin = findMosquitto();
  if (!bin) throw new Error('mosquitto not installed');
  const dir = await mkdtemp(join(tmpdir(), 'twin-fault-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 1000000',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'connection_messages true',
      '',
    ].join('\n'),
  );
  // NOTE: as root Mosquitto drops its privileges to the `mosquitto` user, which must be able to write the
  // persistence file (written to a temp file in that folder, then renamed).
  if (process.getuid?.() === 0) await run('chown', ['-R', 'mosquitto', dir]).catch(() => {});

  let child: ChildProcess | null = null;
  let logText = '';
  const append = (d: Buffer) => {
    logText += String(d);
    if (logText.length > LOG_KEEP * 2) logText = logText.slice(-LOG_KEEP);
  };

  const onExit = () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.once('exit', onExit);

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null)
      throw new Error('mosquitto already running');
    logText += `\n--- start ${new Date().toISOString()} ---\n`;
    const proc = spawn(bin, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    await waitFor(
      { what: `mosquitto listening on 127.0.0.1:${port}`, timeoutMs: 30_000, intervalMs: 100 },
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`mosquitto exited (${proc.exitCode ?? proc.signalCode}):\n${logText.slice(-4000)}`);
        const open = await portOpen(port);
        return { done: open, value: undefined, seen: open ? 'open' : 'port closed' };
      },
    ).catch(async (err) => {
      proc.kill('SIGKILL');
      await exited;
      throw err;
    });
  };

  const waitExit = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(signal);
    const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
    if (timedOut) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`mosquitto did not exit within 30 s of ${signal}; killed it`);
    }
  };

  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid ?? null,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    stop: () => waitExit('SIGTERM'),
    kill9: () => waitExit('SIGKILL'),
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    start,
    log: () => logText.slice(-LOG_KEEP),
    async destroy() {
      if (child && child.signalCode === null && child.exitCode === null) {
        child.kill('SIGCONT');
        await waitExit('SIGKILL').catch(() => {});
      }
      process.removeListener('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
