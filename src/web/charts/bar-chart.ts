/**
 * Geometry of a simple vertical bar chart drawn as SVG on the server: bars, value labels, a few
 * gridlines and an optional reference line (an agreed term, a legal limit). Pure numbers in, pure
 * numbers out, so it is tested without a browser; the component only draws what this returns.
 */
export interface BarInput {
  /** Axis label under the bar. */
  label: string;
  /** null: no data for this bar (drawn as an empty slot, labelled by `text`). */
  value: number | null;
  /** What is written above the bar. */
  text: string;
}

export interface BarChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Array<{ x: number; y: number; w: number; h: number; cx: number; label: string; text: string; empty: boolean }>;
  ticks: Array<{ y: number; value: number; label: string }>;
  /** The reference line, and its legend above the plot (a label on the line would cross the bars). */
  reference: { y: number; label: string; legendY: number } | null;
}

/** A round step (1, 2 or 5 times a power of ten) that splits [0, max] into at most `count` parts. */
export function niceStep(max: number, count = 4): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export function barChart(
  bars: BarInput[],
  opts: { width?: number; height?: number; reference?: { value: number; label: string }; tickLabel?: (value: number) => string } = {},
): BarChartGeometry {
  const width = opts.width ?? 640;
  const height = opts.height ?? 240;
  const plot = { left: 56, top: opts.reference ? 40 : 24, right: width - 8, bottom: height - 28 };
  const top = Math.max(0, ...bars.map((b) => b.value ?? 0), opts.reference?.value ?? 0);
  const step = niceStep(top);
  const max = Math.max(step, Math.ceil(top / step) * step);
  const y = (v: number) => plot.bottom - ((plot.bottom - plot.top) * v) / max;
  const slot = (plot.right - plot.left) / Math.max(1, bars.length);
  const w = Math.max(2, slot * 0.6);
  // Bars narrower than a label: only every `every`-th is labelled (counted back from the last, which
  // always is), so labels never overlap; the table beside every chart has each bar's own.
  const every = Math.max(1, Math.ceil(LABEL_WIDTH / slot));
  const ticks: BarChartGeometry['ticks'] = [];
  const tickLabel = opts.tickLabel ?? String;
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push({ y: round(y(v)), value: round(v), label: tickLabel(round(v)) });
  return {
    width,
    height,
    plot,
    bars: bars.map((b, i) => {
      const cx = plot.left + slot * i + slot / 2;
      const v = Math.max(0, b.value ?? 0);
      return {
        x: round(cx - w / 2),
        y: round(y(v)),
        w: round(w),
        h: round(plot.bottom - y(v)),
        cx: round(cx),
        label: (bars.length - 1 - i) % every === 0 ? b.label : '',
        text: b.text,
        empty: b.value === null,
      };
    }),
    ticks,
    reference: opts.reference ? { y: round(y(opts.reference.value)), label: opts.reference.label, legendY: 14 } : null,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
/** Room an axis label needs, in chart units ("12-07" at the axis's font size, with a gap). */
const LABEL_WIDTH = 40;
