import { html, type SafeHtml } from "./html";

// Bar charts as inline SVG drawn on the server, like svg-chart.ts: no script, nothing the page's CSP has to allow.
// Each chart's accessible name carries the figures a sighted reader would take from it.

const short = (value: number) => value.toLocaleString("en-US");
const clock = (at: number) => new Date(at).toISOString().slice(11, 16);

/** One column of a time series: its start (epoch ms) and value. */
export interface Column {
  at: number;
  value: number;
}

const COL_WIDTH = 640;
const COL_HEIGHT = 120;
const COL_PAD = { left: 8, right: 8, top: 10, bottom: 22 };

/**
 * Columns over time (e.g. calls per minute), with an optional limit drawn as a dashed line the columns are scaled
 * against, so "how close to the cap" is read at a glance.
 */
export function columnChart(title: string, columns: readonly Column[], options: { limit?: number } = {}): SafeHtml {
  if (columns.length === 0)
    return html`<figure class="chart"><figcaption>${title}</figcaption><p>No data.</p></figure>`;
  const values = columns.map((c) => c.value);
  const top = Math.max(1, options.limit ?? 0, ...values);
  const inner = COL_HEIGHT - COL_PAD.top - COL_PAD.bottom;
  const step = (COL_WIDTH - COL_PAD.left - COL_PAD.right) / columns.length;
  const y = (value: number) => COL_PAD.top + inner - (value / top) * inner;
  const total = values.reduce((sum, v) => sum + v, 0);
  const peak = Math.max(...values);
  const first = columns[0] as Column;
  const last = columns[columns.length - 1] as Column;
  const label = `${title}: ${short(total)} in all, at most ${short(peak)} in one minute${options.limit === undefined ? "" : ` (limit ${short(options.limit)})`}, ${clock(first.at)} to ${clock(last.at)} UTC`;
  const bars = columns.map((c, i) =>
    c.value > 0
      ? html`<rect x="${(COL_PAD.left + i * step + 0.5).toFixed(1)}" y="${y(c.value).toFixed(1)}" width="${Math.max(1, step - 1).toFixed(1)}" height="${(COL_PAD.top + inner - y(c.value)).toFixed(1)}" fill="#1d4ed8"/>`
      : "",
  );
  const limitLine =
    options.limit === undefined
      ? ""
      : html`<line x1="${COL_PAD.left}" y1="${y(options.limit).toFixed(1)}" x2="${COL_WIDTH - COL_PAD.right}" y2="${y(options.limit).toFixed(1)}" stroke="#b91c1c" stroke-dasharray="4 3"/>`;
  return html`<figure class="chart"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${COL_WIDTH} ${COL_HEIGHT}" width="${COL_WIDTH}" height="${COL_HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>
<line x1="${COL_PAD.left}" y1="${COL_PAD.top + inner}" x2="${COL_WIDTH - COL_PAD.right}" y2="${COL_PAD.top + inner}" stroke="#d1d5db"/>
${bars}${limitLine}
<text x="${COL_PAD.left}" y="${COL_HEIGHT - 6}" font-size="11" fill="#374151">${clock(first.at)}</text>
<text x="${COL_WIDTH - COL_PAD.right}" y="${COL_HEIGHT - 6}" font-size="11" fill="#374151" text-anchor="end">${clock(last.at)} UTC</text>
</svg></figure>`;
}

/** One labelled bar, split into named segments (stacked left to right in `segments` order). */
export interface Bar {
  label: string;
  segments: Record<string, number>;
  /** Shown after the bar instead of the segments' sum. */
  note?: string;
}

const BAR_WIDTH = 640;
const LABEL_WIDTH = 200;
const NOTE_WIDTH = 110;
const ROW = 20;
const COLORS = ["#1d4ed8", "#60a5fa", "#f59e0b", "#b91c1c", "#6b7280"];

/**
 * Horizontal bars, one per row (e.g. a queue's waiting, active and delayed jobs; an account's sync lag), with a
 * legend when bars have several segments.
 */
export function barChart(title: string, bars: readonly Bar[], segments: readonly string[], unit = ""): SafeHtml {
  if (bars.length === 0) return html`<figure class="chart"><figcaption>${title}</figcaption><p>No data.</p></figure>`;
  const sum = (bar: Bar) => segments.reduce((total, name) => total + (bar.segments[name] ?? 0), 0);
  const top = Math.max(1, ...bars.map(sum));
  const span = BAR_WIDTH - LABEL_WIDTH - NOTE_WIDTH;
  const legend = segments.length > 1 ? 18 : 0;
  const height = legend + bars.length * ROW + 4;
  const describe = (bar: Bar) =>
    `${bar.label}: ${bar.note ?? segments.map((name) => `${short(bar.segments[name] ?? 0)} ${name}`).join(", ")}`;
  const label = `${title}. ${bars.map(describe).join("; ")}`;
  const rows = bars.map((bar, row) => {
    const y = legend + row * ROW;
    let x = LABEL_WIDTH;
    const parts = segments.map((name, i) => {
      const width = ((bar.segments[name] ?? 0) / top) * span;
      const rect =
        width > 0
          ? html`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${COLORS[i % COLORS.length]}"/>`
          : "";
      x += width;
      return rect;
    });
    return html`<text x="${LABEL_WIDTH - 6}" y="${y + ROW - 6}" font-size="11" fill="#111827" text-anchor="end">${bar.label}</text>${parts}<text x="${(x + 4).toFixed(1)}" y="${y + ROW - 6}" font-size="11" fill="#374151">${bar.note ?? `${short(sum(bar))}${unit}`}</text>`;
  });
  const key =
    legend > 0
      ? segments.map(
          (name, i) =>
            html`<rect x="${LABEL_WIDTH + i * 90}" y="3" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${LABEL_WIDTH + i * 90 + 14}" y="12" font-size="11" fill="#374151">${name}</text>`,
        )
      : "";
  return html`<figure class="chart"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BAR_WIDTH} ${height}" width="${BAR_WIDTH}" height="${height}" role="img" aria-label="${label}"><title>${label}</title>
${key}${rows}
</svg></figure>`;
}
