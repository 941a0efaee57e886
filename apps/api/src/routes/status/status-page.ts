import { type Account, type SyncRun, utcDay, type VideoDocument } from "@trendpot/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ApiDeps } from "../../deps";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { html, type SafeHtml, sendPage } from "../../views/html";
import { syncRunRows } from "../../views/status-runs";
import { barChart, columnChart } from "../../views/svg-bars";
import { type ChartPoint, lineChart } from "../../views/svg-chart";
import { queuesByName, statsOf } from "../ops/queues";

const ACCOUNTS_SHOWN = 50;
const VIDEOS_PER_ACCOUNT = 10;
const RUNS_PER_ACCOUNT = 5;
const CHART_DAYS = 30;

const when = (value: Date | undefined) => (value ? value.toISOString().replace("T", " ").slice(0, 19) : "–");
const count = (value: number | undefined) => (value === undefined ? "–" : value.toLocaleString("en-US"));

function videoRows(videos: VideoDocument[]): SafeHtml {
  if (videos.length === 0) return html`<p>No videos yet.</p>`;
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">Video</th><th scope="col">Created</th><th scope="col">Views</th><th scope="col">Likes</th><th scope="col">Comments</th><th scope="col">Shares</th><th scope="col">Refreshed</th></tr></thead>
<tbody>${videos.map(
    (v) =>
      html`<tr><td>${v.title || v._id}</td><td>${when(v.createTime)}</td><td>${count(v.metrics?.views)}</td><td>${count(v.metrics?.likes)}</td><td>${count(v.metrics?.comments)}</td><td>${count(v.metrics?.shares)}</td><td>${when(v.lastRefreshedAt)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** What the status page shows of one account besides the account itself. */
interface AccountView {
  videos: VideoDocument[];
  runs: SyncRun[];
  followers: ChartPoint[];
  views: ChartPoint[];
}

function accountSection(account: Account, view: AccountView): SafeHtml {
  const name = account.profile?.displayName ?? account.profile?.username ?? account.openId;
  return html`<section aria-labelledby="h-${account._id}" class="card">
<h2 id="h-${account._id}">${name} <small>(${account._id}, ${account.status})</small></h2>
<p>User ${account.userId}. Scopes: ${account.grantedScopes.join(", ") || "none"}.</p>
<p>Profile synced ${when(account.sync.profileSyncedAt)} · videos synced ${when(account.sync.videosSyncedAt)} · metrics synced ${when(account.sync.metricsSyncedAt)}</p>
${account.sync.lastError ? html`<p class="notice error">Last error: ${account.sync.lastError.code}: ${account.sync.lastError.message} (${when(account.sync.lastError.at)})</p>` : ""}
<div class="charts">${lineChart(`Followers, last ${CHART_DAYS} days`, view.followers)}${lineChart(`Total views, last ${CHART_DAYS} days`, view.views)}</div>
${videoRows(view.videos)}
${syncRunRows(view.runs)}
</section>`;
}

/** The account's follower counts (last profile sync of each day) and total views (sum of its videos' last point of each day). */
async function chartSeries(deps: ApiDeps, accountId: string): Promise<Pick<AccountView, "followers" | "views">> {
  const to = deps.now();
  const from = new Date(to.getTime() - CHART_DAYS * 86_400_000);
  const [profile, daily] = await Promise.all([
    deps.profileHistory.history({ accountId, from, to, bucket: "day" }),
    deps.metrics.accountDailyTotals({ accountId, from: utcDay(from), to: utcDay(to) }),
  ]);
  return {
    followers: profile.flatMap((p) => (p.followerCount === undefined ? [] : [{ at: p.at, value: p.followerCount }])),
    views: daily.map((d) => ({ at: new Date(`${d.day}T00:00:00.000Z`), value: d.views })),
  };
}

const LAG_ACCOUNTS = 20;
const MINUTE = 60_000;

/** A chart whose data comes from Redis, or a notice when Redis did not answer: the rest of the page still renders. */
async function fromRedis(title: string, draw: () => Promise<SafeHtml>): Promise<SafeHtml> {
  try {
    return await draw();
  } catch {
    return html`<figure class="chart"><figcaption>${title}</figcaption><p class="notice error">Unavailable: Redis did not answer.</p></figure>`;
  }
}

/** How the list reads' cache is doing: whether its change stream is live, and how many reads it answered. */
function listCacheLine(deps: ApiDeps): string {
  const stats = deps.readCache?.stats();
  if (!stats) return "List cache: off (API_READ_CACHE_ENTRIES=0).";
  const reads = stats.hits + stats.misses + stats.bypassed;
  const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;
  const share =
    reads === 0
      ? "no reads yet"
      : `${((stats.hits / reads) * 100).toFixed(1)}% of ${plural(reads, "read")} from memory`;
  return `List cache: ${stats.live ? "live" : "not live (lists read MongoDB)"} · ${plural(stats.entries, "answer")} kept · ${share}.`;
}

/** The service at a glance: the budget's last hour, the queues now, and how far behind each account's metrics are. */
async function overview(deps: ApiDeps, accounts: Account[]): Promise<SafeHtml> {
  const now = deps.now().getTime();
  const budgetTitle = "TikTok calls per minute, last hour (dashed: the per-minute budget)";
  const queuesTitle = "Queue depths now";
  const [budget, queues] = await Promise.all([
    fromRedis(budgetTitle, async () =>
      columnChart(
        budgetTitle,
        (await deps.budget.history(60)).map((minute) => ({ at: minute.at, value: minute.calls })),
        { limit: deps.budget.limits.perMinute },
      ),
    ),
    fromRedis(queuesTitle, async () => {
      const stats = await Promise.all(Object.values(queuesByName(deps)).map((queue) => statsOf(queue, now)));
      const bars = stats.map((q) => ({
        label: q.queue,
        segments: { waiting: q.waiting + q.prioritized, active: q.active, delayed: q.delayed, failed: q.failed },
      }));
      return barChart(queuesTitle, bars, ["waiting", "active", "delayed", "failed"]);
    }),
  ]);
  const lagged = accounts
    .filter((account) => account.status === "active")
    .map((account) => ({ account, synced: account.sync.metricsSyncedAt?.getTime() }))
    .sort((a, b) => (a.synced ?? 0) - (b.synced ?? 0))
    .slice(0, LAG_ACCOUNTS);
  const lagBars = lagged.map(({ account, synced }) => ({
    label: account.profile?.username ?? account._id,
    segments: { minutes: synced === undefined ? 0 : Math.max(0, (now - synced) / MINUTE) },
    note: synced === undefined ? "never refreshed" : `${((now - synced) / MINUTE).toFixed(1)} min`,
  }));
  const lag = barChart(`Metrics sync lag of the active accounts shown (the ${LAG_ACCOUNTS} furthest behind)`, lagBars, [
    "minutes",
  ]);
  return html`<section aria-labelledby="h-overview" class="card"><h2 id="h-overview">Overview</h2>
<div class="charts">${budget}${queues}${lag}</div>
<p>${listCacheLine(deps)}</p></section>`;
}

/**
 * `GET /status`: a small read-only HTML page for the local demo. Open without a key only when NODE_ENV is
 * development; anywhere else it needs an ops key. `STATUS_PAGE_ENABLED=false` removes it.
 */
export function statusPageRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  const open = deps.config.NODE_ENV === "development";
  return async (app) => {
    if (!deps.config.STATUS_PAGE_ENABLED) return;
    app.get(
      "/status",
      {
        ...(open ? {} : { config: { roles: ROLES.ops } }),
        schema: {
          tags: ["pages"],
          summary:
            "Read-only status page (HTML): budget use, queue depths, sync lag; accounts, sync runs, follower and view charts, videos",
          ...(open ? {} : { security: API_KEY_SECURITY }),
        },
      },
      async (_request, reply) => {
        const page = await deps.accounts.list({ limit: ACCOUNTS_SHOWN });
        const top = await overview(deps, page.items);
        const sections = await Promise.all(
          page.items.map(async (account) => {
            const videos = await deps.videos.listByAccount({
              accountId: account._id,
              sort: "createTime",
              order: "desc",
              limit: VIDEOS_PER_ACCOUNT,
            });
            const runs = await deps.syncRuns.listByAccount({ accountId: account._id, limit: RUNS_PER_ACCOUNT });
            const charts = await chartSeries(deps, account._id);
            return accountSection(account, { videos: videos.items, runs: runs.items, ...charts });
          }),
        );
        return sendPage(reply, {
          title: "Status – TrendPot TikTok ingestion",
          wide: true,
          body: html`<h1>TikTok ingestion status</h1>
<p>${page.items.length} account(s) shown${page.nextCursor ? ` (first ${ACCOUNTS_SHOWN})` : ""}. Generated ${when(deps.now())} UTC.</p>
${top}
${sections.length > 0 ? sections : html`<p>No accounts connected yet.</p>`}`,
        });
      },
    );
  };
}
