/**
 * Runs the sandbox as a process:
 *   node --import tsx packages/tiktok-sandbox/src/cli.ts --port 4010 [--webhook-url URL] [--access-ttl SEC] …
 * Prints one JSON line `{"url": …, "clientKey": …}` when ready; exits 0 on SIGINT/SIGTERM.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createTikTokSandbox } from "./server";
import type { SandboxOptions } from "./types";

const USAGE = `usage: cli.ts [--host 127.0.0.1] [--port 0] [--client-key K] [--client-secret S] [--webhook-secret S]
  [--webhook-url URL] [--redirect-uri URI]... [--access-ttl SEC] [--refresh-ttl SEC]
  [--per-minute N] [--per-day N] [--per-endpoint] [--reset-headers] [--no-seed] [--logger]`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

export function optionsFromArgs(args: string[]): SandboxOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "client-key": { type: "string" },
      "client-secret": { type: "string" },
      "webhook-secret": { type: "string" },
      "webhook-url": { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "access-ttl": { type: "string" },
      "refresh-ttl": { type: "string" },
      "per-minute": { type: "string" },
      "per-day": { type: "string" },
      "per-endpoint": { type: "boolean" },
      "reset-headers": { type: "boolean" },
      "no-seed": { type: "boolean" },
      logger: { type: "boolean" },
    },
  });
  const defined = <T extends object>(object: T): T =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
  return defined({
    host: values.host,
    port: int("port", values.port),
    clientKey: values["client-key"],
    clientSecret: values["client-secret"],
    webhookSecret: values["webhook-secret"],
    webhookUrl: values["webhook-url"],
    redirectUris: values["redirect-uri"],
    accessTokenTtlSec: int("access-ttl", values["access-ttl"]),
    refreshTokenTtlSec: int("refresh-ttl", values["refresh-ttl"]),
    rateLimit: defined({
      perMinute: int("per-minute", values["per-minute"]),
      perDay: int("per-day", values["per-day"]),
      perEndpoint: values["per-endpoint"],
      resetHeaders: values["reset-headers"],
    }),
    seed: values["no-seed"] ? false : undefined,
    logger: values.logger,
  });
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const sandbox = await createTikTokSandbox(options);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(JSON.stringify({ url: sandbox.url, clientKey: sandbox.clientKey }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
