/**
 * Many wall screens reconnecting at once (after a restart of the service) to a big city's live socket: how
 * long until every one has its snapshot, and how long the service's event loop answers nothing meanwhile
 * (the longest wait of a `/healthz` asked every 20 ms; ingest's acknowledgements wait as long).
 *
 *   npx tsx services/ingest/bench/live-reconnect.ts --store postgres://…/db [--clients 20] [--rounds 3]
 *
 * --store: a seeded store (services/ingest/bench/replay-seed.ts; 45,000 sensors make a 17.7 MB snapshot),
 * used as it is. BENCH_SERVICE_ROOT=<other checkout> measures that checkout's service (bench/service.ts), so
 * two builds alternate on the same data.
 */
import { parseArgs } from 'node:util';
import { sleep } from '@twin/test-kit';
import WebSocket from 'ws';
import { startService } from './service.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    clients: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
if (!args.store) throw new Error('--store postgres://…/db is required (a store replay-seed.ts seeded)');
const store = args.store;
const clients = Number(args.clients);
const rounds = Number(args.rounds);

/** Resolves with the ms from `start` until this client's snapshot has arrived whole. */
function snapshotAfter(
  url: string,
  token: string,
  start: number,
): Promise<{ ms: number; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, maxPayload: 1 << 30 });
    socket.on('message', (data: Buffer) => {
      // The type is in the first bytes; no need to parse 17 MB.
      if (data.subarray(0, 40).toString().includes('"type":"snapshot"'))
        resolve({ ms: performance.now() - start, socket });
    });
    socket.on('error', reject);
  });
}

/** The longest a `/healthz` waited for its answer, asked every 20 ms until `stop()`. */
function healthProbe(url: string): { stop(): Promise<number> } {
  let running = true;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.text());
      longest = Math.max(longest, performance.now() - t0);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return longest;
    },
  };
}

const service = await startService({ databaseUrl: store, mqttUrl: null, topicRoot: 'reconnect-bench' });
const allIn: number[] = [];
const stalls: number[] = [];
try {
  const wsUrl = `${service.url.replace(/^http/, 'ws')}/api/v1/live`;
  // One client first, so the service's caches are warm for every round alike.
  (await snapshotAfter(wsUrl, service.adminToken, performance.now())).socket.close();
  for (let round = 1; round <= rounds; round++) {
    const probe = healthProbe(service.url);
    await sleep(200);
    const start = performance.now();
    const answers = await Promise.all(
      Array.from({ length: clients }, () => snapshotAfter(wsUrl, service.adminToken, start)),
    );
    const stall = await probe.stop();
    for (const { socket } of answers) socket.close();
    const times = answers.map((a) => a.ms);
    const last = Math.max(...times);
    allIn.push(last);
    stalls.push(stall);
    console.log(
      `round ${round}: ${clients} snapshots, first ${Math.round(Math.min(...times))} ms, median ${Math.round(percentile(times, 50))} ms, last ${Math.round(last)} ms; /healthz waited up to ${Math.round(stall)} ms`,
    );
    await sleep(2000);
  }
} finally {
  await service.stop();
  await service.removeData();
}
console.log(
  JSON.stringify({
    clients,
    all_snapshots_ms: Math.round(percentile(allIn, 50)),
    healthz_longest_wait_ms: Math.round(percentile(stalls, 50)),
    rounds,
  }),
);
