// Entry of the embedded database's thread: loads the TypeScript worker through tsx, because a worker thread
// does not inherit the `--import tsx` loader of its process (Node 20).
import { register } from 'tsx/esm/api';

register();
await import('./database-worker.ts');
