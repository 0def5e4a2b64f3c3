/**
 * Bench helpers run in processes of their own (publisher, sinks, a plain broker), so that nobody's CPU
 * shares an event loop with the service or the broker being measured. This starts one such script under
 * tsx with an IPC channel and turns its messages into awaitable replies.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

export const BENCH_DIR = import.meta.dirname;
export const REPO_ROOT = resolve(BENCH_DIR, '../../..');

/** Every IPC message has a type; the payload is whatever the script sends. */
export interface IpcMessage {
  type: string;
  [key: string]: unknown;
}

export interface BenchChild {
  pid: number;
  send(message: IpcMessage): void;
  /** The next message of this type (rejects if the child exits first or sends {type:'error'}). */
  next<T = IpcMessage>(type: string, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, then kills it after a grace period. */
  stop(): Promise<void>;
}

export function startChild(script: string, args: string[] = []): BenchChild {
  const child: ChildProcess = fork(resolve(BENCH_DIR, script), args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: IpcMessage[] = [];
  const waiters: { type: string; resolve(m: IpcMessage): void; reject(e: Error): void }[] = [];
  let exited: Error | null = null;
  const deliver = () => {
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i]!;
      const at = inbox.findIndex((m) => m.type === w.type || m.type === 'error');
      if (at >= 0) {
        const [m] = inbox.splice(at, 1);
        waiters.splice(i--, 1);
        if (m!.type === 'error') w.reject(new Error(`${script}: ${String(m!.message)}`));
        else w.resolve(m!);
      } else if (exited) {
        waiters.splice(i--, 1);
        w.reject(exited);
      }
    }
  };
  child.on('message', (m) => {
    inbox.push(m as IpcMessage);
    deliver();
  });
  const gone = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exited = new Error(`${script} exited (${code ?? signal})`);
      deliver();
      r();
    }),
  );
  // The orchestrator may die of an error: never leave helpers behind.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  void gone.then(() => process.removeListener('exit', kill));
  return {
    pid: child.pid ?? -1,
    send: (m) => child.send(m),
    next<T = IpcMessage>(type: string, timeoutMs = 600_000) {
      return new Promise<T>((resolveNext, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          type,
          resolve: (m) => {
            clearTimeout(timer);
            resolveNext(m as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        deliver();
      });
    },
    async stop() {
      if (exited) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** In a child script: send a message to the orchestrator. */
export function reply(message: IpcMessage): void {
  process.send?.(message);
}

/** In a child script: handle the orchestrator's messages; an exception is reported, not swallowed. */
export function onCommand(handler: (m: IpcMessage) => Promise<void> | void): void {
  process.on('message', (m: IpcMessage) => {
    if (m.type === 'stop') {
      process.exit(0);
    }
    Promise.resolve()
      .then(() => handler(m))
      .catch((err: unknown) => {
        reply({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      });
  });
  // The orchestrator died: so do we.
  process.on('disconnect', () => process.exit(0));
}
