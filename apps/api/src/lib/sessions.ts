import type { ConnectSession } from "@trendpot/db";
import type { ApiDeps } from "../deps";

/** A pending, unexpired connect session, or null (unknown, used, completed or expired). */
export async function findPendingSession(
  deps: ApiDeps,
  id: string | undefined,
  now: Date,
): Promise<ConnectSession | null> {
  if (!id) return null;
  const session = await deps.connectSessions.get(id);
  return session && session.status === "pending" && session.expiresAt > now ? session : null;
}
