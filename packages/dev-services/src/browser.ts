import { type Browser, chromium, type Page } from "playwright-core";
import { ensureDebianCommand } from "./apt";
import { stderrLog } from "./log";

// Without the networking flags Chromium keeps trying to reach Google's hosts, which this closed network refuses.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Headless Debian Chromium for browser tests, driven by playwright-core (whose own browser download cannot work
 * offline). Installs the `chromium` package when missing and we are root; otherwise fails naming the package.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureDebianCommand({
    command: "chromium",
    pkg: "chromium",
    service: "Chromium",
    alternative: "run the browser tests on a machine that has it",
    log: stderrLog,
  });
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Collects console errors, uncaught page errors (CSP violations show up as console errors) and 4xx/5xx responses. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}
