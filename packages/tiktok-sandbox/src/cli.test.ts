import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { optionsFromArgs } from "./cli";
import { authorizeUrl, postForm, REDIRECT_URI, VERIFIER } from "./test-support";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/tiktok-sandbox/src/cli.ts", ...args], {
    cwd: repoRoot,
    stdio: "pipe",
  });
  running.push(child);
  return child;
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  for await (const chunk of child.stdout) {
    out += (chunk as Buffer).toString();
    if (out.includes("\n")) return out.split("\n")[0] as string;
  }
  throw new Error(`the CLI exited without printing its URL: ${err}`);
}

describe("cli", () => {
  it("starts, prints {url}, answers, and exits 0 on SIGTERM", { timeout: 30_000 }, async () => {
    const child = startCli(["--port", "0", "--access-ttl", "7200", "--client-key", "cli_key"]);
    const ready = JSON.parse(await firstLine(child)) as { url: string; clientKey: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.clientKey).toBe("cli_key");

    const sandbox = { url: ready.url, clientKey: "cli_key" } as Parameters<typeof authorizeUrl>[0];
    expect((await fetch(authorizeUrl(sandbox))).status).toBe(200);
    const authorized = await fetch(`${ready.url}/__sandbox/authorize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ authorizeUrl: authorizeUrl(sandbox) }),
    });
    const { location } = (await authorized.json()) as { location: string };
    const token = await postForm(`${ready.url}/v2/oauth/token/`, {
      client_key: "cli_key",
      client_secret: "sbx_client_secret",
      code: new URL(location).searchParams.get("code") ?? "",
      grant_type: "authorization_code",
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    });
    expect(await token.json()).toMatchObject({ expires_in: 7200, token_type: "Bearer" });

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("exits 2 with usage on a bad argument", { timeout: 30_000 }, async () => {
    const child = startCli(["--port", "abc"]);
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err).toContain("--port");
  });

  it("maps flags to options", () => {
    expect(
      optionsFromArgs([
        "--webhook-url",
        "http://127.0.0.1:3000/webhooks/tiktok",
        "--redirect-uri",
        "https://a.example/cb",
        "--redirect-uri",
        "https://b.example/cb",
        "--per-minute",
        "90",
        "--reset-headers",
        "--no-seed",
      ]),
    ).toEqual({
      webhookUrl: "http://127.0.0.1:3000/webhooks/tiktok",
      redirectUris: ["https://a.example/cb", "https://b.example/cb"],
      rateLimit: { perMinute: 90, resetHeaders: true },
      seed: false,
    });
  });
});
