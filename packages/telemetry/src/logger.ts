import { createRequire } from "node:module";
import { context, trace } from "@opentelemetry/api";
import { type DestinationStream, type Level, type Logger, type LoggerOptions, pino } from "pino";
import { maskSecrets, REDACTED, redactDeep } from "./mask";

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Service or component name, written as `name` on every line. */
  readonly name: string;
  readonly level?: Level | "silent";
  /** Human-readable output through pino-pretty (development only; needs the optional pino-pretty package). */
  readonly pretty?: boolean;
  /** Where lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/**
 * Paths pino censors in what serializers return: serializers (fastify's `req` and `res` among them) run after the
 * log formatter, so their output never passes through {@link redactDeep}. Secret names anywhere in the logged
 * object itself are the formatter's: a wildcard path here (`*.token`) would make pino walk every key of every line,
 * which cost more than the rest of the line together.
 */
export const REDACT_PATHS = [
  "accessToken",
  "refreshToken",
  "access_token",
  "refresh_token",
  "token",
  "client_secret",
  "clientSecret",
  "code_verifier",
  "password",
  "secret",
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "req.headers.cookie",
  'res.headers["set-cookie"]',
];

/**
 * Creates the pino logger for an app: JSON lines with `trace_id`/`span_id` of the active span, secrets censored by
 * key name at any depth and token-shaped strings masked anywhere, including the message and error text.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const settings: LoggerOptions = {
    name: options.name,
    level: options.level ?? "info",
    // `*.code` is left to redactDeep: it keeps error codes such as E_TIKTOK_KEY_MISMATCH readable.
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    mixin: traceFields,
    // pino's own error serializer would rename the already-cleaned error's type to "Object".
    serializers: { err: serializeError, error: serializeError },
    formatters: {
      log: (object) => redactDeep(object) as Record<string, unknown>,
      bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
    },
    hooks: { logMethod: maskArguments },
  };
  return pino(settings, options.destination ?? (options.pretty ? prettyStream() : undefined));
}

function serializeError(value: unknown): unknown {
  return value instanceof Error ? redactDeep(value) : value;
}

function traceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, "0"),
  };
}

// pino builds `msg` (and, for a bare Error, the message taken from it) after the log formatter has run, so those
// arguments are cleaned here. A plain object first argument is left to the formatter, which cleans it (with the
// mixin's fields) on every line: cleaning it here too did the same walk twice.
function maskArguments(this: Logger, args: unknown[], method: (...args: unknown[]) => void): void {
  const [first, ...rest] = args;
  const masked = rest.map((arg) => (typeof arg === "string" ? maskSecrets(arg) : redactDeep(arg)));
  if (first instanceof Error) {
    const message = typeof masked[0] === "string" ? masked.shift() : maskSecrets(first.message);
    method.apply(this, [{ err: redactDeep(first) }, message, ...masked]);
    return;
  }
  method.apply(this, [typeof first === "string" ? maskSecrets(first) : first, ...masked]);
}

function prettyStream(): DestinationStream | undefined {
  const load = createRequire(import.meta.url);
  try {
    const pretty = load("pino-pretty") as (options: Record<string, unknown>) => DestinationStream;
    return pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l" });
  } catch {
    process.stderr.write("pino-pretty is not installed; writing JSON logs.\n");
    return undefined;
  }
}
