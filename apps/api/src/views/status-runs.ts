import type { SyncRun } from "@trendpot/db";
import { html, type SafeHtml } from "./html";

const when = (value: Date | undefined) => (value ? value.toISOString().replace("T", " ").slice(0, 19) : "–");

function countsText(run: SyncRun): string {
  const parts = Object.entries(run.counts ?? {}).map(([name, value]) => `${name} ${value}`);
  return parts.length > 0 ? parts.join(", ") : "–";
}

/** The account's latest sync runs: kind, trigger, times, outcome, counts, error and TikTok log ids. */
export function syncRunRows(runs: SyncRun[]): SafeHtml {
  if (runs.length === 0) return html`<p>No sync runs yet.</p>`;
  return html`<div class="table-wrap"><table>
<caption>Latest sync runs</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Trigger</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Outcome</th><th scope="col">Counts</th><th scope="col">Error</th><th scope="col">TikTok log ids</th></tr></thead>
<tbody>${runs.map(
    (run) =>
      html`<tr><td>${run.kind}</td><td>${run.trigger}</td><td>${when(run.startedAt)}</td><td>${when(run.finishedAt)}</td><td>${run.outcome ?? "running"}</td><td>${countsText(run)}</td><td>${run.error ? `${run.error.code}: ${run.error.message}` : "–"}</td><td>${(run.tiktokLogIds ?? []).slice(0, 3).join(" ") || "–"}</td></tr>`,
  )}</tbody></table></div>`;
}
