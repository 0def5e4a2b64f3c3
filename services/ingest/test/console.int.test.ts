/**
 * What a person sees on the console: Ctrl-C on `pnpm start` is a quiet, clean stop (exit 0, no pnpm error),
 * JSON logs stay JSON with the banner apart, a port clash is one plain line before the database starts,
 * /docs leads back to the dashboard, and the dashboard has its icon. The service runs as a child process,
 * embedded stack, no feed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, REPO_ROOT, serviceEnv, waitFor } from '@twin/test-kit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const LAUNCHER = resolve(REPO_ROOT, 'services/ingest/scripts/start.mjs');
const MAIN = resolve(REPO_ROOT, 'services/ingest/src/main.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
const servers: Server[] = [];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'twin-console-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>, detached = false): Run {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function occupy(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function env(dir: string, extra: Record<string, string>): Record<string, string> {
  return serviceEnv({ dataDir: dir, topicRoot: 'console', clientId: 'console-test', env: extra });
}

describe('pnpm start on a console', () => {
  it('stops cleanly on Ctrl-C: exit 0, no pnpm error, JSON logs on stdout and the banner apart', async () => {
    const dir = await dataDir();
    const mqttPort = await freePort();
    // Ctrl-C reaches the terminal's whole process group: the launcher runs in a group of its own here.
    const started = run(
      [LAUNCHER],
      env(dir, { MQTT_PORT: String(mqttPort), LOG_FORMAT: 'json', LOG_LEVEL: 'info' }),
      true,
    );
    await waitFor({ timeoutMs: 120_000, what: 'the banner' }, async () => ({
      done: /open http:\/\/\S+\s/.test(started.stderr()),
      value: null,
      seen: (started.stdout() + started.stderr()).slice(-500),
    }));
    const url = (/open (http:\/\/\S+?)\/?\s/.exec(started.stderr())?.[1] ?? '').replace(/\/$/, '');

    // /docs leads back to the dashboard; the dashboard has its icon (when it is built).
    const spec = (await (await fetch(`${url}/docs/json`)).json()) as { info: { description: string } };
    expect(spec.info.description).toContain('[← Back to the dashboard](/)');
    const favicon = await fetch(`${url}/favicon.svg`);
    if (favicon.status === 200) {
      expect(favicon.headers.get('content-type')).toMatch(/image\/svg\+xml/);
      expect(await favicon.text()).toContain('<svg');
      const initializer = await (await fetch(`${url}/docs/static/swagger-initializer.js`)).text();
      expect(initializer).toMatch(/href/);
    }

    process.kill(-(started.child.pid as number), 'SIGINT');
    const exit = await started.exit;
    const output = started.stdout() + started.stderr();
    expect(exit, output.slice(-3000)).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|failed to start/);
    const lines = started.stdout().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.some((l) => (JSON.parse(l) as { msg?: string }).msg === 'running')).toBe(true);
    expect(started.stdout()).not.toContain('City twin is running');
  }, 180_000);

  it.each([
    ['HTTP', 'PORT'],
    ['MQTT', 'MQTT_PORT'],
  ])(
    'reports a %s port in use in one plain line, before the database starts',
    async (what, setting) => {
      const dir = await dataDir();
      const busy = await freePort();
      await occupy(busy);
      const ports =
        setting === 'PORT'
          ? { PORT: String(busy), MQTT_PORT: String(await freePort()) }
          : { PORT: '0', MQTT_PORT: String(busy) };
      const started = Date.now();
      const clash = run(['--import', 'tsx', MAIN], env(dir, ports));
      const exit = await clash.exit;
      expect(exit.code).toBe(1);
      expect(clash.stderr()).toContain(`error: ${what} port ${busy} on 127.0.0.1 is already in use`);
      expect(clash.stderr()).toContain(`set ${setting} to a free port`);
      expect(clash.stderr()).not.toMatch(/\n\s+at /);
      // Nothing was opened: the embedded database never started in DATA_DIR.
      expect(await readdir(dir)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    60_000,
  );
});
