/** A horizontal SVG bar chart: enough for counts by tool or status, with no chart library. */
export interface Bar {
  label: string;
  value: number;
  /** A Tailwind fill class, e.g. `fill-brand-500`. */
  fill?: string;
}

const ROW = 24;
const LABEL_WIDTH = 96;
const VALUE_WIDTH = 40;

export function BarChart({ title, bars, width = 360 }: { title: string; bars: Bar[]; width?: number }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const track = width - LABEL_WIDTH - VALUE_WIDTH;
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-xs font-medium text-zinc-600 dark:text-zinc-300">{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.value}`).join(', ')}`}
        width={width}
        height={bars.length * ROW}
        className="max-w-full"
      >
        {bars.map((bar, index) => (
          <g key={bar.label} transform={`translate(0 ${index * ROW})`}>
            <text x={0} y={16} className="fill-zinc-600 text-[11px] dark:fill-zinc-400">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={5} width={track} height={14} rx={3} className="fill-zinc-100 dark:fill-zinc-800" />
            <rect
              x={LABEL_WIDTH}
              y={5}
              width={Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * track)}
              height={14}
              rx={3}
              className={bar.fill ?? 'fill-brand-500'}
            />
            <text
              x={width - 4}
              y={16}
              textAnchor="end"
              className="fill-zinc-700 text-[11px] tabular-nums dark:fill-zinc-300"
            >
              {bar.value}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
