import { AppError } from "@trendpot/errors";
import { MongoError, MongoNetworkError, MongoServerSelectionError } from "mongodb";

/** What the api tells clients to wait before retrying a request MongoDB could not serve (an election takes seconds). */
export const MONGO_RETRY_AFTER_SEC = 5;

// Server replies that mean "no primary here right now": a stepped-down or dying primary, an election under way, or
// a majority that could not be reached before the write concern's deadline.
const NO_PRIMARY_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  64, // WriteConcernFailed (wtimeout: too few members up for a majority)
]);

/**
 * True when MongoDB could not serve the request for now: the connection dropped, no primary could be selected, or
 * the server answered that it is not (or no longer) the primary. The driver retries such an operation once; when
 * the failover outlasts that, the caller should retry later, which a 503 says and a 500 does not.
 */
export function isMongoUnavailable(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  if (!(error instanceof MongoError)) return false;
  if (error.hasErrorLabel("RetryableWriteError")) return true;
  return typeof error.code === "number" && NO_PRIMARY_CODES.has(error.code);
}

/** The 503 for a request MongoDB could not serve during a failover or an outage. */
export function mongoUnavailableError(cause: unknown): AppError {
  return new AppError("DEPENDENCY_UNAVAILABLE", {
    message: "A service this request needs is unavailable; retry shortly.",
    details: { retryAfterSec: MONGO_RETRY_AFTER_SEC },
    cause,
  });
}
