import { type Browser, chromium, type Page } from "playwright-core";
import { toolPath } from "./tools";

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
 * offline). The `chromium` package is provisioned with every other tool before the tests start.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await toolPath("chromium");
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
