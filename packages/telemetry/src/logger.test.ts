import { Writable } from "node:stream";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { startTelemetry, type Telemetry } from "./start-telemetry";

const ACCESS = "act.9f8e7d6c5b4a39281706abcdefGHIJKL!4321.va";
const REFRESH = "rft.abcdefghij0123456789KLMNOPQRST!8765.va";
const SECRET = "cs_8d2f0c9a7b6e5d4c3b2a19f8e7d6c5b4";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ name: "test", level: "debug", destination });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

let telemetry: Telemetry;
beforeAll(async () => {
  telemetry = await startTelemetry({
    serviceName: "t",
    serviceVersion: "0",
    environment: "test",
    autoInstrumentation: false,
  });
});
afterAll(() => telemetry.shutdown());

describe("createLogger", () => {
  it("writes trace_id and span_id of the active span on every line", () => {
    const { logger, records } = capture();
    const ids = trace.getTracer("test").startActiveSpan("request", (span) => {
      logger.info("inside");
      logger.child({ component: "x" }).warn({ n: 1 }, "child inside");
      span.end();
      return span.spanContext();
    });
    logger.info("outside");
    const [inside, child, outside] = records();
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, msg: "inside" });
    expect(child).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, component: "x" });
    expect(outside?.trace_id).toBeUndefined();
  });

  it("never writes tokens placed in objects, nested objects, errors, bindings or the message", () => {
    const { logger, lines } = capture();
    logger.info({ accessToken: ACCESS, refresh_token: REFRESH }, "tokens at the top");
    logger.info({ account: { credentials: { deeper: { accessToken: ACCESS, note: `copy ${REFRESH}` } } } }, "nested");
    logger.info({
      req: { headers: { authorization: `Bearer ${ACCESS}`, "x-api-key": SECRET, cookie: `s=${SECRET}` } },
    });
    logger.info({ tiktok: { body: { client_secret: SECRET, code: "oauth-code-value-123", code_verifier: SECRET } } });
    logger.error(new Error(`refresh failed: ${REFRESH}`));
    logger.error({ err: Object.assign(new Error(`exchange ${ACCESS}`), { token: ACCESS }) }, "with err");
    logger.warn(`message carries ${ACCESS} and client_secret=${SECRET}`);
    logger.warn("format %s and %o", REFRESH, { access_token: ACCESS });
    logger.child({ token: ACCESS }).info("child binding");
    // A serializer runs after the formatter: what it builds (a request's headers, as fastify's does) is censored by
    // the logger's paths, even from a value no name or pattern gave away.
    const headers = (raw: { auth: string }) => ({ headers: { authorization: raw.auth } });
    logger.child({}, { serializers: { req: headers } }).info({ req: { auth: "opaque-header-value-42" } }, "serialized");
    const output = lines.join("\n");
    expect(lines).toHaveLength(10);
    for (const secret of [ACCESS, REFRESH, SECRET, "oauth-code-value-123", "opaque-header-value-42"]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain("[REDACTED]");
  });

  it("keeps error codes, messages and stack frames readable", () => {
    const { logger, records } = capture();
    const failure = Object.assign(new Error("key id does not match"), { code: "E_TIKTOK_KEY_MISMATCH" });
    logger.error({ err: failure, accountId: "acc_123" }, "decrypt refused");
    logger.error(failure);
    const [withObject, bare] = records();
    expect(withObject).toMatchObject({ accountId: "acc_123", msg: "decrypt refused" });
    expect(withObject?.err).toMatchObject({
      type: "Error",
      message: "key id does not match",
      code: "E_TIKTOK_KEY_MISMATCH",
    });
    expect(String((withObject?.err as { stack?: string } | undefined)?.stack)).toContain("logger.test.ts");
    expect(bare).toMatchObject({ msg: "key id does not match", err: { code: "E_TIKTOK_KEY_MISMATCH" } });
  });
});
