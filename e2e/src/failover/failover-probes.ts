import { Redis } from "ioredis";
import { accountOfUser, type StackView } from "../harness/checks";
import type { AppProcess } from "../harness/child";
import { connectOverHttp } from "../harness/consent";
import type { FailoverStack } from "./failover-stack";

/** The checks' view of one api; connect URLs, cookies and the callback all live on the first api's origin. */
export function viaApi(stack: FailoverStack, index: number): StackView & { apiUrl: string } {
  const api = stack.clients[index];
  if (!api) throw new Error(`no api ${index}`);
  return { api, apiUrl: stack.apiUrls[0] ?? "", sandbox: stack.sandbox };
}

export type ConsentOutcome = { connected: true; accountId: string } | { connected: false; reason: string };

/**
 * One creator's consent over HTTP. During an outage any step may be refused (a 503, an error page); that is an
 * outcome the creator sees and retries, so it is returned rather than thrown.
 */
export async function tryConsent(
  stack: FailoverStack,
  index: number,
  input: { userId: string; openId: string },
): Promise<ConsentOutcome> {
  const view = viaApi(stack, index);
  try {
    const result = await connectOverHttp(view, input);
    if (result.status >= 400 || !result.html.includes("Your TikTok account is connected")) {
      return { connected: false, reason: `callback ${result.status}` };
    }
    const account = await accountOfUser(view, input.userId);
    return account ? { connected: true, accountId: account.id } : { connected: false, reason: "no account stored" };
  } catch (error) {
    return { connected: false, reason: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
}

/**
 * The worker process running an active job of `queue`, from the name BullMQ stores on the job (`host:pid`), read
 * through the Sentinels like the apps do.
 */
export async function workerRunning(stack: FailoverStack, prefix: string, queue: string): Promise<AppProcess> {
  const redis = new Redis({
    sentinels: stack.redis.sentinelList.split(",").map((hostPort) => {
      const [host = "", port = ""] = hostPort.split(":");
      return { host, port: Number(port) };
    }),
    name: stack.redis.masterName,
    maxRetriesPerRequest: 1,
  });
  try {
    const active = await redis.lrange(`${prefix}:${queue}:active`, 0, -1);
    for (const jobId of active) {
      const name = await redis.hget(`${prefix}:${queue}:${jobId}`, "pb");
      const pid = Number(name?.split(":").pop());
      const worker = stack.workers.find((w) => w.pid === pid);
      if (worker) return worker;
    }
    throw new Error(`no worker process holds an active ${queue} job (active: ${active.join(", ") || "none"})`);
  } finally {
    redis.disconnect();
  }
}
