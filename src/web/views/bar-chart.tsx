import type { BarChartGeometry } from '../charts/bar-chart.ts';

/** An SVG bar chart with a title and description for screen readers; colours come from the stylesheet. */
export function BarChart(p: { id: string; title: string; desc: string; g: BarChartGeometry }) {
  const { g } = p;
  return (
    <svg id={p.id} class="chart" viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${p.id}-t ${p.id}-d`}>
      <title id={`${p.id}-t`}>{p.title}</title>
      <desc id={`${p.id}-d`}>{p.desc}</desc>
      {g.ticks.map((t) => (
        <g class="tick">
          <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} />
          <text x={g.plot.left - 6} y={t.y + 4} text-anchor="end">
            {t.label}
          </text>
        </g>
      ))}
      {g.bars.map((b) => (
        <g class={b.empty ? 'bar empty' : 'bar'}>
          {!b.empty && <rect x={b.x} y={b.y} width={b.w} height={b.h} />}
          <text class="value" x={b.cx} y={b.y - 4} text-anchor="middle">
            {b.text}
          </text>
          <text class="label" x={b.cx} y={g.plot.bottom + 16} text-anchor="middle">
            {b.label}
          </text>
        </g>
      ))}
      {g.reference && (
        <g class="reference">
          <line x1={g.plot.left} x2={g.plot.right} y1={g.reference.y} y2={g.reference.y} />
          <line x1={g.plot.left} x2={g.plot.left + 28} y1={g.reference.legendY - 4} y2={g.reference.legendY - 4} />
          <text x={g.plot.left + 34} y={g.reference.legendY}>
            {g.reference.label}
          </text>
        </g>
      )}
    </svg>
  );
}
