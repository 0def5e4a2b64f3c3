/**
 * The `pnpm city` commands:
 *   import   make data/cities/<id>/ from a city's districts (+ buildings, basemap, departments)
 *   check    load a pack as the service would and say what is wrong or missing
 *   schema   write docs/city-pack.schema.json from the code's schema (`--check`: fail when it differs)
 * Exit codes: 0 done, 1 refused (bad input: nothing written), 2 wrong usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Attribution, CityPackError, cityPackJsonSchema } from '@twin/city';
import { importCity, loadCityPack } from '@twin/city/node';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const SCHEMA_FILE = resolve(REPO_ROOT, 'docs/city-pack.schema.json');

export interface CliIo {
  /** Where relative paths given on the command line start from. */
  cwd: string;
  /** CITY_PACKS_DIR: the packs folder when --out is not given; default data/cities. */
  packsDir?: string | undefined;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage:
  pnpm city import --id <id> --name <name> --districts <file.geojson> [--name-field <property>]
                   [--buildings <file.geojson> --height-field <property>] [--basemap <file.pmtiles>]
                   [--departments <file.json>] [--time-zone <IANA zone>] [--grid-meters <m>]
                   [--attribution <text>]... [--out <packs folder>] [--force]
  pnpm city check [<id> | <pack folder>]
  pnpm city schema [--check]
See docs/city-packs.md.`;

class UsageError extends Error {}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return n;
}

/** "text" or "text|https://url". */
function attributionOf(raw: string): Attribution {
  const [text, url] = raw.split('|').map((s) => s.trim());
  return url ? { text: text ?? '', url } : { text: text ?? '' };
}

async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      districts: { type: 'string' },
      'name-field': { type: 'string' },
      buildings: { type: 'string' },
      'height-field': { type: 'string' },
      basemap: { type: 'string' },
      departments: { type: 'string' },
      'time-zone': { type: 'string' },
      'grid-meters': { type: 'string' },
      attribution: { type: 'string', multiple: true },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const missing = (['id', 'name', 'districts'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(io.cwd, p));
  const outDir = values.out ? resolve(io.cwd, values.out) : resolve(REPO_ROOT, io.packsDir ?? 'data/cities');
  const result = await importCity({
    id: values.id!,
    name: values.name!,
    districts: path(values.districts)!,
    nameField: values['name-field'],
    buildings: path(values.buildings),
    heightField: values['height-field'],
    basemap: path(values.basemap),
    departments: path(values.departments),
    timeZone: values['time-zone'],
    gridMeters: numberOption('grid-meters', values['grid-meters']),
    attributions: values.attribution?.map(attributionOf),
    outDir,
    force: values.force ?? false,
  });
  io.out(
    `city import: wrote ${result.dir} — ${result.districtCount} districts, ${result.buildingCount} buildings, ${result.manifest.departments.length} departments, basemap ${result.manifest.basemap ?? 'none'}`,
  );
  for (const note of result.notes) io.out(`  note: ${note}`);
  io.out(`run it: CITY=${result.manifest.id} pnpm start`);
  return 0;
}

async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const target = positionals[0] ?? 'sf';
  const dir = /^[a-z][a-z0-9-]*$/.test(target)
    ? resolve(REPO_ROOT, io.packsDir ?? 'data/cities', target)
    : resolve(io.cwd, target);
  const pack = await loadCityPack(dir);
  const { manifest, basemap } = pack;
  io.out(
    `city check: ${dir} is a valid pack "${manifest.id}" (${manifest.name}): ${pack.districts.features.length} districts, ${pack.buildings?.features.length ?? 0} buildings, ${manifest.departments.length} departments`,
  );
  io.out(
    manifest.rules
      ? `  rules: ${pack.rules.length} in ${manifest.rules} (${pack.rules.map((r) => r.id).join(', ')})`
      : '  rules: none',
  );
  if (basemap.status === 'none') io.out('  basemap: none (the map shows districts and buildings only)');
  else if (basemap.status === 'missing') {
    io.err(`  basemap: ${basemap.file} is MISSING (expected ${basemap.path})`);
    return 1;
  } else io.out(`  basemap: ${basemap.file}`);
  return 0;
}

async function schemaCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { check: { type: 'boolean' } } });
  const wanted = cityPackJsonSchema();
  if (values.check) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current === wanted) return 0;
    io.err(`${SCHEMA_FILE} differs from the schema in packages/city: run pnpm city schema`);
    return 1;
  }
  await writeFile(SCHEMA_FILE, wanted);
  io.out(`city schema: wrote ${SCHEMA_FILE}`);
  return 0;
}

export async function runCityCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'import') return await importCommand(args, io);
    if (command === 'check') return await checkCommand(args, io);
    if (command === 'schema') return await schemaCommand(args, io);
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  } catch (err) {
    if (err instanceof CityPackError) {
      const verb = command === 'import' ? 'refused, nothing was written' : 'the pack cannot be used';
      io.err(`city ${command}: ${verb}:`);
      for (const problem of err.problems) io.err(`  - ${problem}`);
      return 1;
    }
    const message = (err as Error).message;
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`city: ${message}\n${USAGE}`);
      return 2;
    }
    io.err(`city ${command}: ${message}`);
    return 1;
  }
}
