import { html, type SafeHtml } from "./html";

/** One point of a series. */
export interface ChartPoint {
  at: Date;
  value: number;
}

const WIDTH = 320;
const HEIGHT = 96;
const PAD_X = 8;
const PAD_TOP = 8;
const PAD_BOTTOM = 22;

const short = (value: number) => value.toLocaleString("en-US");
const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A small line chart as inline SVG, drawn on the server: no script, no external resource, nothing the page's CSP
 * has to allow. The accessible name says what a sighted reader sees (first and last point); a chart of one point
 * is a dot, of none a sentence.
 */
export function lineChart(title: string, points: readonly ChartPoint[]): SafeHtml {
  if (points.length === 0)
    return html`<figure class="chart"><figcaption>${title}</figcaption><p>No data yet.</p></figure>`;
  const first = points[0] as ChartPoint;
  const last = points[points.length - 1] as ChartPoint;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const t0 = first.at.getTime();
  const span = Math.max(1, last.at.getTime() - t0);
  const x = (at: Date) => PAD_X + ((at.getTime() - t0) / span) * (WIDTH - 2 * PAD_X);
  const y = (value: number) =>
    max === min
      ? (HEIGHT - PAD_BOTTOM + PAD_TOP) / 2
      : PAD_TOP + ((max - value) / (max - min)) * (HEIGHT - PAD_TOP - PAD_BOTTOM);
  const coords = points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const label = `${title}: ${short(first.value)} on ${day(first.at)} to ${short(last.value)} on ${day(last.at)} (min ${short(min)}, max ${short(max)})`;
  const shape =
    points.length === 1
      ? html`<circle cx="${WIDTH / 2}" cy="${y(last.value).toFixed(1)}" r="3" fill="#1d4ed8"/>`
      : html`<polyline points="${coords}" fill="none" stroke="#1d4ed8" stroke-width="2" stroke-linejoin="round"/>`;
  return html`<figure class="chart"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>
<line x1="${PAD_X}" y1="${HEIGHT - PAD_BOTTOM}" x2="${WIDTH - PAD_X}" y2="${HEIGHT - PAD_BOTTOM}" stroke="#d1d5db"/>
${shape}
<text x="${PAD_X}" y="${HEIGHT - 6}" font-size="11" fill="#374151">${day(first.at)}: ${short(first.value)}</text>
<text x="${WIDTH - PAD_X}" y="${HEIGHT - 6}" font-size="11" fill="#374151" text-anchor="end">${day(last.at)}: ${short(last.value)}</text>
</svg></figure>`;
}
