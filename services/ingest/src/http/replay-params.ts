/** The query parameters the replay, analysis and export routes share (schemas here, rules in query-params.ts). */
import { Type } from '@sinclair/typebox';
import { MAX_REPLAY_WINDOW_MS, replayBucketMs } from '@twin/domain';
import { parseReplayWindow, type ReplayWindowQuery } from './query-params.js';
import { TimeParam } from './schemas.js';

/** `from` and `to` are required; they are optional in the schema so that one 400 can name every problem. */
export const ReplayWindowProps = {
  from: Type.Optional({ ...TimeParam, description: `required; ${TimeParam.description}` }),
  to: Type.Optional({
    ...TimeParam,
    description: `required; ${TimeParam.description}; at most 366 days after from`,
  }),
};

export const BucketParam = Type.Optional(
  Type.String({
    maxLength: 16,
    description:
      '0 (raw readings), 60000 (1-minute buckets) or 3600000 (1-hour buckets); default: by window length',
  }),
);

export const SeriesFilterProps = {
  sensor: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      maxItems: 5000,
      description: 'only these sensors (repeat the parameter for several)',
    }),
  ),
  metric: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 100,
      description: 'only these metrics (repeat the parameter for several)',
    }),
  ),
};

export const DepartmentFilterProp = {
  department: Type.Optional(Type.String({ maxLength: 40, description: 'owner or assisting department' })),
};

export function replayWindow(query: ReplayWindowQuery): { from: number; to: number; bucketMs: number } {
  return parseReplayWindow(query, { maxWindowMs: MAX_REPLAY_WINDOW_MS, defaultBucketMs: replayBucketMs });
}

/** `incidents_2020-04-07T00-00-00Z_2020-04-08T00-00-00Z.csv`: the window in the name, safe on every disk. */
export function attachmentName(kind: string, from: number, to: number, extension: string): string {
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/\.000Z$/, 'Z')
      .replace(/[:.]/g, '-');
  return `${kind}_${stamp(from)}_${stamp(to)}.${extension}`;
}
