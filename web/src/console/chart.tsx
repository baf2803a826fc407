import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

const PALETTE = ['#0b5cad', '#b3261e', '#1f6f3a', '#7a4b00', '#6b3fa0', '#00707a', '#a3306b', '#4d5560'];

/** A colour for the nth series, cycling through a palette readable on white. */
export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#0b5cad';
}

/** A small uPlot time chart; x values are epoch seconds. The data table below it is for screen readers. */
export function TimeChart({
  title,
  times,
  series,
  unit,
  format = (value) => value.toLocaleString(),
}: {
  title: string;
  times: readonly number[];
  series: readonly ChartSeries[];
  unit?: string;
  format?: (value: number) => string;
}) {
  const { t } = useTranslation('console');
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const shape = JSON.stringify(series.map((entry) => [entry.label, entry.color]));
  const formatRef = useRef(format);
  formatRef.current = format;

  // Rebuild the chart only when the set of series changes; otherwise only feed new data.
  useEffect(() => {
    const lines = JSON.parse(shape) as [string, string][];
    const element = container.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height: 180,
      legend: { show: true, live: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#4d5560', grid: { stroke: '#e6e9ee' } },
        {
          stroke: '#4d5560',
          grid: { stroke: '#e6e9ee' },
          size: 60,
          values: (_self, ticks) => ticks.map((tick) => formatRef.current(tick)),
        },
      ],
      series: [{}, ...lines.map(([label, color]) => ({ label, stroke: color, width: 2, spanGaps: false }))],
    };
    const created = new uPlot(options, [[], ...lines.map(() => [])] as uPlot.AlignedData, element);
    plot.current = created;
    const observer = new ResizeObserver(() =>
      created.setSize({ width: Math.max(240, element.clientWidth), height: 180 }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      created.destroy();
      plot.current = undefined;
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData([
      times as number[],
      ...series.map((entry) => entry.values as (number | null)[]),
    ] as uPlot.AlignedData);
  }, [times, series]);

  const latest = series.map((entry) => {
    const last = [...entry.values].reverse().find((value) => value !== null && value !== undefined);
    return `${entry.label}: ${last === undefined || last === null ? t('chart.noData') : `${format(last)}${unit ? ` ${unit}` : ''}`}`;
  });

  return (
    <figure className="chart card">
      <figcaption>
        <strong>{title}</strong>
        <span className="small muted"> · {t('chart.now', { values: latest.join(', ') })}</span>
      </figcaption>
      <div ref={container} className="chart__plot" aria-hidden="true" />
    </figure>
  );
}
