import { type CSSProperties, type ReactNode, Suspense, lazy, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { GradeFigures, StatementFigures } from '@gs/schema';
import type { Lang } from '../../lib/i18n.ts';
import type { ReportT } from './report-i18n.ts';

/**
 * 1-5 as a diverging orange–purple scale (ColorBrewer PuOr, safe for the common colour
 * vision deficiencies), neutral grey for 3, and "can't say" as an outlined white box.
 */
export const SCALE_COLOURS = ['#b35806', '#f1a340', '#d8dae0', '#998ec3', '#542788'] as const;
export const CANT_SAY_COLOUR = '#ffffff';
export const CANT_SAY_BORDER = '#595959';

/**
 * Charts that wait for their turn: a report has 30 or more, and drawing them all before the
 * first paint kept a phone (4x CPU throttle) from showing the text and tables for about four
 * seconds (`pnpm bench:report-page`). A chart is drawn when it comes near the screen, the rest
 * one at a time when the browser is idle, and all at once before printing.
 */
const waiting = new Set<() => void>();
let idleScheduled = false;
const onIdle: (run: () => void) => void =
  typeof window !== 'undefined' && 'requestIdleCallback' in window
    ? (run) => window.requestIdleCallback(run)
    : (run) => setTimeout(run, 50);

function drawNextWhenIdle() {
  if (idleScheduled || waiting.size === 0) return;
  idleScheduled = true;
  onIdle(() => {
    idleScheduled = false;
    const next = waiting.values().next().value;
    if (next) {
      waiting.delete(next);
      next();
    }
    drawNextWhenIdle();
  });
}

/** Draws every chart still waiting, synchronously (before printing, so the printout has them all). */
export function drawAllCharts() {
  if (waiting.size === 0) return;
  flushSync(() => {
    for (const draw of waiting) draw();
    waiting.clear();
  });
}

/** The box of a chart, its size fixed at once so the page does not move; the chart inside when its turn comes. */
function ChartBox(props: { className: string; style?: CSSProperties; children: () => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || drawn) return;
    const draw = () => {
      waiting.delete(draw);
      observer?.disconnect();
      setDrawn(true);
    };
    waiting.add(draw);
    const observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && draw(), {
            rootMargin: '50% 0px',
          });
    observer?.observe(el);
    drawNextWhenIdle();
    return () => {
      waiting.delete(draw);
      observer?.disconnect();
    };
  }, [drawn]);
  return (
    <div ref={box} className={props.className} style={props.style}>
      {drawn && props.children()}
    </div>
  );
}

/** One bar of a statement chart: a scope's figures, or null when they are hidden. */
export interface DistributionRow {
  label: string;
  figures: StatementFigures | null;
}

// The text width of an A4 page with 10 mm margins, in CSS pixels (96 per inch).
const A4_TEXT_WIDTH = Math.floor(((210 - 20) / 25.4) * 96);

/**
 * Redraws every chart at the printed page's width before printing and back after,
 * so "Save as PDF" gets sharp charts of the right size rather than scaled screen ones.
 */
export function usePrintResize() {
  useEffect(() => {
    const forPrint = () => {
      drawAllCharts();
      drawing?.resizeAll(A4_TEXT_WIDTH);
    };
    const forScreen = () => drawing?.resizeAll(null);
    const print = window.matchMedia('print');
    const onChange = (e: MediaQueryListEvent) => (e.matches ? forPrint() : forScreen());
    window.addEventListener('beforeprint', forPrint);
    window.addEventListener('afterprint', forScreen);
    print.addEventListener('change', onChange);
    return () => {
      window.removeEventListener('beforeprint', forPrint);
      window.removeEventListener('afterprint', forScreen);
      print.removeEventListener('change', onChange);
    };
  }, []);
}

export interface DistributionChartProps {
  rows: readonly DistributionRow[];
  lang: Lang;
  t: ReportT;
  fewer: string;
  summary: string;
}

export interface GradeChartProps {
  rows: readonly { label: string; figures: GradeFigures }[];
  lang: Lang;
  summary: string;
}

// chart.js and the drawing code come after the first paint, in a chunk of their own.
let drawing: typeof import('./report-chart-draw.tsx') | null = null;
const loadDrawing = () =>
  import('./report-chart-draw.tsx').then((m) => {
    drawing = m;
    return m;
  });
const DistributionBars = lazy(() => loadDrawing().then((m) => ({ default: m.DistributionBars })));
const GradeBars = lazy(() => loadDrawing().then((m) => ({ default: m.GradeBars })));

/**
 * A statement's answers as 100 % stacked horizontal bars, one per scope (e.g. the
 * municipality and the region), with percentages and the mean written on the chart.
 * The canvas is an image with a text summary; the data table next to it is the full alternative.
 */
export function DistributionChart(props: DistributionChartProps) {
  return (
    <ChartBox className="report-chart" style={{ height: `${props.rows.length * 32 + 22}px` }}>
      {() => (
        <Suspense fallback={null}>
          <DistributionBars {...props} />
        </Suspense>
      )}
    </ChartBox>
  );
}

/** The overall grade 4-10 as grouped vertical bars of shares, one colour per scope. */
export function GradeChart(props: GradeChartProps) {
  return (
    <ChartBox className="report-chart report-chart-grade">
      {() => (
        <Suspense fallback={null}>
          <GradeBars {...props} />
        </Suspense>
      )}
    </ChartBox>
  );
}
