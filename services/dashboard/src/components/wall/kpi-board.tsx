import { useQuery } from '@tanstack/react-query';
import type { Department, KpiBoard as KpiBoardData } from '@twin/domain';
import type { ReactNode } from 'react';
import { kpisQuery } from '../../api/boards.js';
import { ApiError } from '../../api/http.js';
import { useCityTime } from '../../hooks/use-city-time.js';
import { cssColor } from '../../layers/colors.js';
import { shortNameOf } from '../../lib/departments.js';
import { formatClock, formatCount } from '../../lib/format.js';
import { kpiRows, MEASURE_LABELS, type ResponseCell, windowCaption } from '../../lib/kpis.js';

const COUNT_COLUMNS = ['open', 'new', 'critical', 'awaiting'] as const;
/**
 * The count columns' headings, short enough for their narrow columns (they span both heading rows, so a
 * heading may take two lines: "New" over "1 h"), with the full wording as the tooltip.
 */
const COUNT_HEADINGS = [
  { text: 'Open', full: 'Open incidents' },
  { text: 'New 1\u00a0h', full: 'New in the last hour' },
  { text: 'Critical', full: 'Critical (severity 5), open' },
  { text: 'To ack', full: 'Awaiting acknowledgement' },
] as const;
const TIME_COLUMNS = Object.keys(MEASURE_LABELS).flatMap((m) => [`${m}-median`, `${m}-p90`, `${m}-target`]);
/** The 90th percentile carries the ▲ mark: its column is the wider one. */
const timeColumnClass = (column: string) => (column.endsWith('-p90') ? 'kpi__col-p90' : 'kpi__col-time');

/** Why the board is empty, in plain words (the route may not exist yet on an older server). */
function unavailable(error: Error): string {
  if (error instanceof ApiError && error.status === 404) return 'This server does not report KPIs yet.';
  return `KPIs unavailable: ${error.message}`;
}

function TimeCells({ cell }: { cell: ResponseCell }) {
  const over = cell.state === 'over';
  return (
    <>
      <td className="kpi__time" title={cell.description}>
        {cell.median}
      </td>
      <td
        className={`kpi__time kpi__p90 kpi__p90--${cell.state}`}
        title={cell.description}
        data-testid="kpi-p90"
        data-state={cell.state}
      >
        {over && (
          <span className="kpi__over-mark" aria-hidden="true">
            ▲
          </span>
        )}
        {cell.p90}
        {over && <span className="visually-hidden"> over target</span>}
      </td>
      <td className="kpi__time kpi__target" title={cell.description}>
        {cell.target}
      </td>
    </>
  );
}

/**
 * What a duty officer is judged by, per department: open, new in the last hour, critical, awaiting
 * acknowledgement, and the response times (median, 90th percentile, target) over the stated window.
 */
export function KpiBoard({ departments }: { departments: readonly Department[] }) {
  const { data, error, isPending } = useQuery(kpisQuery);
  const cityTime = useCityTime();
  if (!data) {
    return (
      <section className="kpi kpi--empty" aria-label="KPIs per department" data-testid="kpi-board">
        <p className="fit-list__empty">{isPending ? 'Loading KPIs…' : error ? unavailable(error) : ''}</p>
      </section>
    );
  }
  return (
    <KpiTable
      board={data}
      departments={departments}
      caption={
        <>
          {windowCaption(data.windowS)} · as of {formatClock(data.at, cityTime)}
          {' · '}
          <span className="kpi__over-key">▲ over target</span>
          {error && <span className="kpi__stale"> · not updated: {error.message}</span>}
        </>
      }
    />
  );
}

/**
 * The board's table for any figures: the wall's (the server's board now) and the replay's (the figures at
 * its playhead, packages/domain kpis-at.ts), so both read the same.
 */
export function KpiTable({
  board,
  departments,
  caption,
  testId = 'kpi-board',
}: {
  board: KpiBoardData;
  departments: readonly Department[];
  caption: ReactNode;
  testId?: string;
}) {
  const cityTime = useCityTime();
  const rows = kpiRows(board, departments);
  return (
    <section className="kpi" aria-label="KPIs per department" data-testid={testId}>
      <table className="kpi__table">
        <caption className="kpi__caption" data-testid="kpi-window">
          {caption}
        </caption>
        <colgroup>
          <col className="kpi__col-name" />
          {COUNT_COLUMNS.map((c) => (
            <col key={c} className="kpi__col-count" />
          ))}
          {TIME_COLUMNS.map((c) => (
            <col key={c} className={timeColumnClass(c)} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th rowSpan={2} scope="col" className="kpi__name">
              Department
            </th>
            {COUNT_HEADINGS.map(({ text, full }) => (
              <th key={text} rowSpan={2} scope="col" title={full}>
                {text}
              </th>
            ))}
            {Object.values(MEASURE_LABELS).map((label) => (
              <th key={label} colSpan={3} scope="colgroup" className="kpi__group">
                {label}
              </th>
            ))}
          </tr>
          <tr>
            {Object.keys(MEASURE_LABELS).map((measure) => (
              <SubHeads key={measure} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ department, kpis, cells, anyOver }) => (
            <tr
              key={department.id}
              className={anyOver ? 'kpi__row kpi__row--over' : 'kpi__row'}
              data-testid="kpi-row"
              data-department={department.id}
            >
              <th scope="row" className="kpi__name" title={department.name}>
                <span
                  className={department.listed ? 'swatch' : 'swatch swatch--unlisted'}
                  style={{ backgroundColor: cssColor(department.color) }}
                  aria-hidden="true"
                />
                {/* NOTE: the short name fits the column at every wall size; the full one is the tooltip. */}
                <span className="kpi__name-text">{shortNameOf(department)}</span>
              </th>
              <td className="kpi__count" data-testid="kpi-open">
                {formatCount(kpis.open, cityTime.locale)}
              </td>
              <td className="kpi__count" data-testid="kpi-new">
                {formatCount(kpis.newLastHour, cityTime.locale)}
              </td>
              <td
                className={kpis.critical > 0 ? 'kpi__count kpi__count--critical' : 'kpi__count'}
                data-testid="kpi-critical"
              >
                {formatCount(kpis.critical, cityTime.locale)}
              </td>
              <td
                className={kpis.awaitingAck > 0 ? 'kpi__count kpi__count--waiting' : 'kpi__count'}
                data-testid="kpi-awaiting"
              >
                {formatCount(kpis.awaitingAck, cityTime.locale)}
              </td>
              {cells.map((cell) => (
                <TimeCells key={cell.measure} cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SubHeads() {
  return (
    <>
      <th scope="col" className="kpi__sub">
        median
      </th>
      <th scope="col" className="kpi__sub">
        p90
      </th>
      <th scope="col" className="kpi__sub">
        target
      </th>
    </>
  );
}
