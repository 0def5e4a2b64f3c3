/**
 * Child process: a plain Aedes (the version the service embeds, no hooks, messages in memory), the
 * embedded stack's pass-through and naive baselines' broker. Its own process, like the service's broker
 * lives in the service's process: no publisher or subscriber shares its event loop.
 *
 * IPC: → {type:'listening', url}; {type:'stop'} ends it.
 */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import { onCommand, reply } from './child.js';

const aedes = await Aedes.createBroker();
const server = createServer(aedes.handle);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
onCommand(() => {});
reply({ type: 'listening', url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}` });
