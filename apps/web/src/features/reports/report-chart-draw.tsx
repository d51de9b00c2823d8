import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartOptions,
  LinearScale,
  type Plugin,
  Tooltip,
} from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { StatementFigures } from '@gs/schema';
import type { Lang } from '../../lib/i18n.ts';
import {
  CANT_SAY_BORDER,
  CANT_SAY_COLOUR,
  type DistributionChartProps,
  type DistributionRow,
  type GradeChartProps,
  SCALE_COLOURS,
} from './report-charts.tsx';
import { formatNumber, formatPercent } from './report-format.ts';

// The drawing half of the report charts, loaded after the page's text and tables are on screen
// (report-charts.tsx). Only what the charts use, so the rest of chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const TEXT_ON = ['#ffffff', '#1b1f24', '#1b1f24', '#1b1f24', '#ffffff', '#1b1f24'];
const INK = '#1b1f24';
const MUTED = '#4a5360';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Redraws every chart `width` CSS px wide at most (for the printed page), or at its box's width (null). */
export function resizeAll(width: number | null) {
  for (const chart of Object.values(Chart.instances)) {
    if (width === null) chart.resize();
    else {
      const box = chart.canvas.parentElement;
      chart.resize(Math.min(width, box?.clientWidth ?? width), box?.clientHeight);
    }
  }
}

function shares(f: StatementFigures): number[] {
  const all = f.answers || 1;
  return [...(f.distribution ?? []).map((c) => (100 * c) / all), (100 * f.cantSay) / all];
}

/** Writes percentages inside wide segments, and the mean (or "fewer than N answers") at the end of each row. */
function rowLabels(rows: readonly DistributionRow[], lang: Lang, fewer: string, meanLabel: string): Plugin<'bar'> {
  return {
    id: 'reportRowLabels',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach((dataset, d) => {
        const meta = chart.getDatasetMeta(d);
        meta.data.forEach((bar, r) => {
          const value = Number(dataset.data[r] ?? 0);
          const { x, y, base } = bar as unknown as { x: number; y: number; base: number };
          if (value < 8 || x - base < 22) return;
          ctx.font = `600 11px ${FONT}`;
          ctx.fillStyle = TEXT_ON[d] ?? INK;
          ctx.textAlign = 'center';
          ctx.fillText(String(Math.round(value)), (x + base) / 2, y);
        });
      });
      const y0 = chart.getDatasetMeta(0);
      rows.forEach((row, r) => {
        const y = (y0.data[r] as unknown as { y: number } | undefined)?.y;
        if (y === undefined) return;
        if (!row.figures) {
          ctx.font = `italic 13px ${FONT}`;
          ctx.fillStyle = MUTED;
          ctx.textAlign = 'left';
          ctx.fillText(fewer, chartArea.left + 6, y);
          return;
        }
        ctx.font = `700 13px ${FONT}`;
        ctx.fillStyle = INK;
        ctx.textAlign = 'right';
        ctx.fillText(formatNumber(row.figures.mean, lang), chart.width - 2, y);
      });
      ctx.font = `11px ${FONT}`;
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'right';
      ctx.fillText(meanLabel, chart.width - 2, chartArea.top - 8);
      ctx.restore();
    },
  };
}

/**
 * A statement's answers as 100 % stacked horizontal bars, one per scope (e.g. the
 * municipality and the region), with percentages and the mean written on the chart.
 * The canvas is an image with a text summary; the data table next to it is the full alternative.
 */
export function DistributionBars(props: DistributionChartProps) {
  const { rows, lang, t, fewer } = props;
  const labels = [1, 2, 3, 4, 5, 0].map((v) => t(`scale.${v as 0}` as const));
  const data = {
    labels: rows.map((r) => r.label),
    datasets: labels.map((label, d) => ({
      label,
      data: rows.map((r) => (r.figures ? (shares(r.figures)[d] ?? 0) : 0)),
      backgroundColor: d < 5 ? SCALE_COLOURS[d] : CANT_SAY_COLOUR,
      borderColor: d < 5 ? 'rgba(255,255,255,0.9)' : CANT_SAY_BORDER,
      borderWidth: d < 5 ? { right: 1 } : 1,
      borderSkipped: false,
      barThickness: 22,
    })),
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    layout: { padding: { right: 48, top: 18 } },
    scales: {
      x: { stacked: true, min: 0, max: 100, display: false },
      y: {
        stacked: true,
        grid: { display: false },
        border: { display: false },
        ticks: { color: INK, font: { size: 13, family: FONT } },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item) => `${item.dataset.label}: ${formatPercent(Number(item.raw) / 100, lang)}`,
        },
      },
    },
  };
  return (
    <Bar
      data={data}
      options={options}
      plugins={[rowLabels(rows, lang, fewer, t('mean'))]}
      role="img"
      aria-label={props.summary}
    />
  );
}

/** The overall grade 4-10 as grouped vertical bars of shares, one colour per scope. */
export function GradeBars(props: GradeChartProps) {
  const colours = ['#1f4e79', '#7fa7cf', '#c8d6e5'];
  const data = {
    labels: ['4', '5', '6', '7', '8', '9', '10'],
    datasets: props.rows.map((r, i) => ({
      label: r.label,
      data: (r.figures.distribution ?? []).map((c) => (100 * c) / (r.figures.n || 1)),
      backgroundColor: colours[i] ?? '#c8d6e5',
      borderColor: '#1f4e79',
      borderWidth: 1,
    })),
  };
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { grid: { display: false }, ticks: { color: INK, font: { size: 13, family: FONT } } },
      y: {
        beginAtZero: true,
        ticks: { color: MUTED, callback: (v) => `${v} %` },
        grid: { color: '#e3e7ec' },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item) => `${item.dataset.label}: ${formatPercent(Number(item.raw) / 100, props.lang)}`,
        },
      },
    },
  };
  return <Bar data={data} options={options} role="img" aria-label={props.summary} />;
}
