import { QueryClient } from '@tanstack/react-query';
import type { UnitBoard } from '@twin/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { applyUnitChanges, forgetUnitChanges, unitBoardKey, withChangesSince } from './unit-board-live.js';

const T = 1_700_000_000_000;
const board: UnitBoard = {
  at: T,
  units: [
    {
      unit: 'E1',
      department: 'fire',
      status: 'dispatched',
      since: T,
      incidentId: 'i1',
      lat: 37.7,
      lon: -122.4,
      sourceIncidentId: 'i1',
      reportedAt: T,
    },
  ],
};
const onScene = incident({
  incidentId: 'i1',
  status: 'on_scene',
  units: [
    {
      unit: 'E1',
      department: 'fire',
      dispatchedAt: T,
      onSceneAt: T + 60_000,
      status: 'on_scene',
      statusAt: T + 60_000,
    },
  ],
});

afterEach(forgetUnitChanges);

describe('the live units board', () => {
  it('applies an incident change to the cached board, and leaves an unchanged board alone', () => {
    const client = new QueryClient();
    client.setQueryData(unitBoardKey, board);
    applyUnitChanges(client, [onScene], T + 60_000);
    const after = client.getQueryData<UnitBoard>(unitBoardKey);
    expect(after?.units[0]).toMatchObject({ status: 'on_scene', since: T + 60_000 });
    applyUnitChanges(client, [incident({ incidentId: 'i9', units: [] })], T + 61_000);
    expect(client.getQueryData(unitBoardKey)).toBe(after);
  });

  it('applies the changes received while a board was being fetched to its answer', () => {
    const client = new QueryClient();
    // No board cached yet: the change is kept, and the answer (read before it) gets it.
    applyUnitChanges(client, [onScene], T + 60_000);
    expect(withChangesSince(board, T + 59_000).units[0]?.status).toBe('on_scene');
    // Changes from before the request started are already in the answer: not applied again.
    expect(withChangesSince(board, T + 61_000)).toBe(board);
  });
});
