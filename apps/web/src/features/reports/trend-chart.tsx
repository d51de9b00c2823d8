import type { Interval, MeanCell, TrendItem } from '@gs/schema';
import {
  CategoryScale,
  Chart,
  type ChartData,
  type ChartOptions,
  LineController,
  LineElement,
  LinearScale,
  type Plugin,
  PointElement,
  type PointStyle,
  type ScriptableLineSegmentContext,
  Tooltip,
} from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { Lang } from '../../lib/i18n.ts';
import { formatInterval, formatNumber } from './report-format.ts';

// Only what the trend charts use; the legend is HTML beside the chart, where long item texts wrap.
Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

/**
 * Okabe–Ito colours (distinguishable with the common colour vision deficiencies), the darker ones
 * first so a single line and the first few of a theme keep 3:1 against white; each line also has its own point shape.
 */
export const LINE_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000', '#E69F00', '#56B4E9'] as const;
export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded'] as const;

const INK = '#1b1f24';
const MUTED = '#4a5360';
const GRID = '#e3e7ec';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** One line of a trend chart: an item with its colour and point shape. */
export interface TrendSeries {
  item: TrendItem;
  label: string;
  colour: string;
  shape: (typeof POINT_STYLES)[number];
}

const visible = (p: MeanCell | null | undefined) => (p && !p.suppressed ? p : null);

/** Whether the line between two points is broken: the question changed, or was not asked in between. */
function breaksAt(item: TrendItem, i: number): boolean {
  const link = item.links[i];
  return link === 'changed' || link === 'gap';
}

/** Draws each point's 95 % interval as a vertical bar with short caps, under the points, and marks where the question changed. */
function whiskers(series: readonly TrendSeries[], light: boolean): Plugin<'line'> {
  return {
    id: 'trendWhiskers',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const y = scales.y;
      if (!y) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      // A dotted rule where the question changed: the note under the chart says why the line stops there.
      const x = scales.x;
      const changed = new Set(series.flatMap((s) => s.item.links.flatMap((l, i) => (l === 'changed' ? [i] : []))));
      if (x) {
        ctx.strokeStyle = MUTED;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([2, 4]);
        for (const i of changed) {
          if (i < 1) continue;
          const at = (x.getPixelForValue(i - 1) + x.getPixelForValue(i)) / 2;
          ctx.beginPath();
          ctx.moveTo(at, chartArea.top);
          ctx.lineTo(at, chartArea.bottom);
          ctx.stroke();
        }
        ctx.setLineDash([]);
      }
      series.forEach((s, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        s.item.points.forEach((p, i) => {
          const interval: Interval | null | undefined = visible(p)?.interval;
          const el = meta.data[i];
          if (!interval || !el) return;
          const top = y.getPixelForValue(interval.hi);
          const bottom = y.getPixelForValue(interval.lo);
          const cap = light ? 3 : 5;
          ctx.strokeStyle = s.colour;
          ctx.globalAlpha = light ? 0.45 : 0.9;
          ctx.lineWidth = light ? 1.25 : 2;
          ctx.beginPath();
          ctx.moveTo(el.x, top);
          ctx.lineTo(el.x, bottom);
          ctx.moveTo(el.x - cap, top);
          ctx.lineTo(el.x + cap, top);
          ctx.moveTo(el.x - cap, bottom);
          ctx.lineTo(el.x + cap, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}

/**
 * Means across rounds as lines with 95 % intervals. A line breaks where the question changed or
 * was not asked, and at hidden points; between two points it is solid when the change is clear
 * (Welch's test) and dashed when it is not. The canvas is an image with a text summary; the
 * tables beside it are the full alternative.
 */
export function TrendChart(props: {
  labels: (string | string[])[];
  series: readonly TrendSeries[];
  range: { min: number; max: number; step: number };
  yTitle: string;
  lang: Lang;
  summary: string;
  theme: boolean;
}) {
  const { series, range, lang, theme } = props;
  const solidOrDashed = (item: TrendItem) => ({
    borderColor: (ctx: ScriptableLineSegmentContext) => (breaksAt(item, ctx.p1DataIndex) ? 'rgba(0,0,0,0)' : undefined),
    borderDash: (ctx: ScriptableLineSegmentContext) =>
      item.changes[ctx.p1DataIndex]?.significant ? undefined : [6, 5],
  });
  const data: ChartData<'line', (number | null)[], string | string[]> = {
    labels: props.labels,
    datasets: series.map((s) => ({
      label: s.label,
      data: s.item.points.map((p) => visible(p)?.mean ?? null),
      borderColor: s.colour,
      backgroundColor: s.colour,
      borderWidth: theme ? 2 : 3,
      pointStyle: s.shape as PointStyle,
      pointRadius: theme ? 4 : 5,
      pointHoverRadius: theme ? 6 : 7,
      pointBorderWidth: 2,
      spanGaps: false,
      segment: solidOrDashed(s.item),
    })),
  };
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    layout: { padding: { top: 8, right: 8 } },
    scales: {
      x: {
        offset: true,
        grid: { display: false },
        ticks: { color: INK, font: { size: 13, family: FONT }, maxRotation: 0, autoSkip: false },
      },
      y: {
        min: range.min,
        max: range.max,
        ticks: {
          stepSize: range.step,
          color: MUTED,
          font: { size: 12, family: FONT },
          callback: (v) => formatNumber(Number(v), lang, range.step < 0.5 ? 2 : range.step < 1 ? 1 : 0),
        },
        grid: { color: GRID },
        title: { display: true, text: props.yTitle, color: MUTED, font: { size: 12, family: FONT } },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => {
            const label = items[0]?.label ?? '';
            return Array.isArray(label) ? label.join(' ') : label;
          },
          label: (item) => {
            const s = series[item.datasetIndex];
            const p = visible(s?.item.points[item.dataIndex]);
            if (!s || !p) return '';
            const interval = p.interval ? ` (95 %: ${formatInterval(p.interval, lang)})` : '';
            const name = theme ? `${s.label.length > 48 ? `${s.label.slice(0, 46)}…` : s.label}: ` : '';
            return `${name}${formatNumber(p.mean, lang)}${interval}, n = ${p.n}`;
          },
        },
      },
    },
  };
  return (
    <div className={theme ? 'trend-chart trend-chart-theme' : 'trend-chart'}>
      <Line data={data} options={options} plugins={[whiskers(series, theme)]} role="img" aria-label={props.summary} />
    </div>
  );
}

/** A line sample with the series' point shape, for the HTML legend. */
export function SeriesIcon({ colour, shape, dashed }: { colour: string; shape: string; dashed?: boolean }) {
  const c = { x: 16, y: 8 };
  const mark = (() => {
    switch (shape) {
      case 'rect':
      case 'rectRounded':
        return <rect x={c.x - 4} y={c.y - 4} width={8} height={8} rx={shape === 'rectRounded' ? 2 : 0} fill={colour} />;
      case 'triangle':
        return <path d={`M${c.x} ${c.y - 5}L${c.x + 5} ${c.y + 4}H${c.x - 5}Z`} fill={colour} />;
      case 'rectRot':
        return <path d={`M${c.x} ${c.y - 5}L${c.x + 5} ${c.y}L${c.x} ${c.y + 5}L${c.x - 5} ${c.y}Z`} fill={colour} />;
      case 'star':
        return (
          <path
            d={`M${c.x - 5} ${c.y}H${c.x + 5}M${c.x} ${c.y - 5}V${c.y + 5}M${c.x - 4} ${c.y - 4}L${c.x + 4} ${c.y + 4}M${c.x + 4} ${c.y - 4}L${c.x - 4} ${c.y + 4}`}
            stroke={colour}
            strokeWidth={2}
          />
        );
      case 'crossRot':
        return (
          <path
            d={`M${c.x - 4} ${c.y - 4}L${c.x + 4} ${c.y + 4}M${c.x + 4} ${c.y - 4}L${c.x - 4} ${c.y + 4}`}
            stroke={colour}
            strokeWidth={2}
          />
        );
      default:
        return <circle cx={c.x} cy={c.y} r={4.5} fill={colour} />;
    }
  })();
  return (
    <svg className="trend-icon" width="32" height="16" viewBox="0 0 32 16" aria-hidden="true" focusable="false">
      <line
        x1="1"
        y1="8"
        x2="31"
        y2="8"
        stroke={colour}
        strokeWidth={2.5}
        strokeDasharray={dashed ? '6 5' : undefined}
      />
      {mark}
    </svg>
  );
}

/** A vertical interval bar for the legend. */
export function WhiskerIcon({ colour }: { colour: string }) {
  return (
    <svg className="trend-icon" width="32" height="16" viewBox="0 0 32 16" aria-hidden="true" focusable="false">
      <path d="M16 1V15M12 1H20M12 15H20" stroke={colour} strokeWidth={2} fill="none" />
      <circle cx="16" cy="8" r="3.5" fill={colour} />
    </svg>
  );
}

/** The dotted rule that marks a change of wording, for the legend. */
export function ChangedIcon({ colour }: { colour: string }) {
  return (
    <svg className="trend-icon" width="32" height="16" viewBox="0 0 32 16" aria-hidden="true" focusable="false">
      <path d="M16 0V16" stroke={colour} strokeWidth={1.5} strokeDasharray="2 3" />
    </svg>
  );
}
