/**
 * The replay benches' command line: `--from ISO --to ISO [--runs N]` (default 5), checked once, and
 * DATABASE_URL naming a store replay-seed.ts made.
 */
import { parseArgs } from 'node:util';

export interface WindowArgs {
  databaseUrl: string;
  from: number;
  to: number;
  runs: number;
}

export function windowArgs(): WindowArgs {
  const { values: args } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, runs: { type: 'string', default: '5' } },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL: a store seeded by replay-seed.ts');
  const from = Date.parse(args.from ?? '');
  const to = Date.parse(args.to ?? '');
  if (!Number.isFinite(from) || !(to > from)) throw new Error('pass --from and --to (ISO 8601, from < to)');
  return { databaseUrl, from, to, runs: Math.max(1, Number(args.runs) || 5) };
}
