/**
 * One sensor metric over the replayed window, with uPlot (the sparkline's chart library, with axes here),
 * from the sensor readings endpoint at a bucket fitting the window (about 200 points); the playhead marked.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { readingsQuery } from '../../api/sensors.js';
import { formatValue } from '../../lib/format.js';
import { sparklineSeries } from '../../lib/sparkline.js';

const WIDTH = 500;
const HEIGHT = 140;

/** A bucket giving about 200 points over the window, at least a minute. */
export function chartBucketS(from: number, to: number): number {
  return Math.max(60, Math.round((to - from) / 1000 / 200 / 60) * 60);
}

export function WindowChart({
  sensorId,
  metric,
  unit,
  from,
  to,
}: {
  sensorId: string;
  metric: string;
  unit: string;
  from: number;
  to: number;
}) {
  const { data, error, isPending } = useQuery({
    ...readingsQuery(sensorId, metric, from, to, chartBucketS(from, to)),
    staleTime: 5 * 60_000,
  });
  const series = useMemo(() => (data ? sparklineSeries(data.buckets) : null), [data]);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || !series || series.points < 2) return;
    const chart = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [
          { stroke: '#b8c2d6', grid: { stroke: 'rgba(255,255,255,0.08)' } },
          { stroke: '#b8c2d6', grid: { stroke: 'rgba(255,255,255,0.08)' } },
        ],
        series: [{}, { label: metric, stroke: '#7cc4ff', width: 1.5, fill: 'rgba(124, 196, 255, 0.15)' }],
      },
      [series.times, series.values],
      host.current,
    );
    return () => chart.destroy();
  }, [series, metric]);
  if (isPending) return <p>Loading the chart…</p>;
  if (error) return <p>No chart: {error.message}</p>;
  if (!series || series.points < 2) return <p>Too few readings in the window for a chart.</p>;
  return (
    <figure
      className="replay-chart"
      data-testid="replay-chart"
      aria-label={`${metric} over the window: min ${formatValue(series.min)}, max ${formatValue(series.max)} ${unit}`}
    >
      <div ref={host} />
      <figcaption>
        {metric}: {formatValue(series.min)}–{formatValue(series.max)} {unit}
      </figcaption>
    </figure>
  );
}
