/**
 * A sensor metric's last hours as a sparkline, drawn by uPlot (a canvas time-series chart: cheap enough for a
 * dozen in one panel). The chart is made once per mount and fed new data with setData; the figures are also
 * given in words, for screen readers and for whoever cannot tell a line's height.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { readingsQuery } from '../api/sensors.js';
import { formatValue } from '../lib/format.js';
import { sparklineSeries, sparklineWindow } from '../lib/sparkline.js';

const WIDTH = 150;
const HEIGHT = 34;

interface SensorSparklineProps {
  sensorId: string;
  metric: string;
  unit: string;
  /** The time the window ends at: now, or the data's time when the data is historical. */
  now: number;
}

export function SensorSparkline({ sensorId, metric, unit, now }: SensorSparklineProps) {
  const span = sparklineWindow(now);
  const { data, error, isPending } = useQuery({
    ...readingsQuery(sensorId, metric, span.from, span.to, span.bucketS),
    staleTime: 60_000,
  });
  const series = useMemo(() => (data ? sparklineSeries(data.buckets) : null), [data]);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !series || series.points < 2) return;
    const aligned: uPlot.AlignedData = [series.times, series.values];
    if (chartRef.current) {
      chartRef.current.setData(aligned);
      return;
    }
    chartRef.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: true } },
        series: [
          {},
          { stroke: '#7cc4ff', width: 1.5, fill: 'rgba(124, 196, 255, 0.15)', points: { show: false } },
        ],
      },
      aligned,
      host,
    );
  }, [series]);

  useEffect(
    () => () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    },
    [],
  );

  if (isPending) return <span className="sparkline sparkline--empty">loading…</span>;
  if (error) return <span className="sparkline sparkline--empty">no chart: {error.message}</span>;
  if (!series || series.points < 2)
    return <span className="sparkline sparkline--empty">too few readings in the last {span.hours} h</span>;
  return (
    <figure
      className="sparkline"
      data-testid="sensor-sparkline"
      aria-label={`${metric} over the last ${span.hours} h: min ${formatValue(series.min)}, max ${formatValue(series.max)} ${unit}`}
    >
      <div ref={hostRef} className="sparkline__chart" />
      <figcaption className="sparkline__range">
        {formatValue(series.min)}–{formatValue(series.max)} {unit} · {span.hours} h
      </figcaption>
    </figure>
  );
}
