import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCityCli } from './run-cli.js';

let work = '';
let lines: { out: string[]; err: string[] };
const io = () => ({
  cwd: work,
  out: (l: string) => lines.out.push(l),
  err: (l: string) => lines.err.push(l),
});

const square = (west: number) => [
  [
    [west, 59.32],
    [west + 0.01, 59.32],
    [west + 0.01, 59.33],
    [west, 59.33],
    [west, 59.32],
  ],
];
const districts = {
  type: 'FeatureCollection',
  features: ['Gamla stan', 'Södermalm'].map((n, i) => ({
    type: 'Feature',
    properties: { namn: n },
    geometry: { type: 'Polygon', coordinates: square(18.06 + i * 0.01) },
  })),
};

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'city-cli-'));
  lines = { out: [], err: [] };
  await writeFile(join(work, 'stadsdelar.geojson'), JSON.stringify(districts));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pnpm city import', () => {
  it('writes the pack, resolving paths from where the command was typed, and says how to run it', async () => {
    const code = await runCityCli(
      [
        'import',
        '--id',
        'stockholm',
        '--name',
        'Stockholm',
        '--districts',
        'stadsdelar.geojson',
        '--name-field',
        'namn',
        '--time-zone',
        'Europe/Stockholm',
        '--attribution',
        'Stockholms stad|https://dataportalen.stockholm.se',
        '--out',
        'packs',
      ],
      io(),
    );
    expect(lines.err).toEqual([]);
    expect(code).toBe(0);
    expect(lines.out.join('\n')).toMatch(/wrote .*packs\/stockholm — 2 districts, 0 buildings/);
    expect(lines.out.join('\n')).toContain('CITY=stockholm pnpm start');
    const manifest = JSON.parse(await readFile(join(work, 'packs/stockholm/city.json'), 'utf8'));
    expect(manifest).toMatchObject({
      id: 'stockholm',
      timezone: 'Europe/Stockholm',
      attributions: [{ text: 'Stockholms stad', url: 'https://dataportalen.stockholm.se' }],
    });
    expect(await runCityCli(['check', join(work, 'packs/stockholm')], io())).toBe(0);
  });

  it('refuses bad input with exit 1, every problem on stderr, and writes nothing', async () => {
    await writeFile(join(work, 'broken.geojson'), JSON.stringify(districts).slice(0, 80));
    const code = await runCityCli(
      [
        'import',
        '--id',
        'stockholm',
        '--name',
        'Stockholm',
        '--districts',
        'broken.geojson',
        '--out',
        'packs',
      ],
      io(),
    );
    expect(code).toBe(1);
    expect(lines.err[0]).toBe('city import: refused, nothing was written:');
    expect(lines.err[1]).toMatch(/broken\.geojson: is not valid JSON \(the file looks truncated\)/);
    expect(existsSync(join(work, 'packs'))).toBe(false);
    expect(await readdir(work)).toEqual(['broken.geojson', 'stadsdelar.geojson']);
  });

  it('answers wrong usage with exit 2 and the usage', async () => {
    expect(await runCityCli(['import', '--id', 'x'], io())).toBe(2);
    expect(lines.err.join('\n')).toMatch(/missing --name, --districts[\s\S]*usage:/);
    expect(await runCityCli(['import', '--nonsense'], io())).toBe(2);
    expect(await runCityCli([], io())).toBe(2);
  });
});

describe('pnpm city schema --check', () => {
  it('passes while docs/city-pack.schema.json matches the code', async () => {
    expect(await runCityCli(['schema', '--check'], io())).toBe(0);
  });
});
