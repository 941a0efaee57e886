import { ServiceUnavailableError } from "./errors";
import { withLock } from "./lock";
import type { ServiceLog } from "./log";
import { runCommand, which } from "./run";

/**
 * Makes sure a command from a Debian package is on the machine, installing the package with apt-get when we are
 * root. Anything else gets an error naming the package to install.
 */
export async function ensureDebianCommand(input: {
  command: string;
  pkg: string;
  service: string;
  alternative: string;
  log: ServiceLog;
}): Promise<string> {
  const found = await which(input.command);
  if (found) return found;
  const apt = await which("apt-get");
  const isRoot = process.getuid?.() === 0;
  if (!apt || !isRoot) {
    throw new ServiceUnavailableError(
      input.service,
      `\`${input.command}\` is not installed`,
      `install Debian's \`${input.pkg}\` package (sudo apt-get install ${input.pkg}) or ${input.alternative}`,
    );
  }
  await withLock(`/tmp/trendpot-apt-${input.pkg}.lock`, async () => {
    if (await which(input.command)) return;
    input.log(`installing Debian package ${input.pkg} (apt-get)…`);
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    try {
      await runCommand(apt, ["install", "-y", "--no-install-recommends", input.pkg], { env, quiet: true });
    } catch {
      await runCommand(apt, ["update"], { env, quiet: true });
      await runCommand(apt, ["install", "-y", "--no-install-recommends", input.pkg], { env, quiet: true });
    }
  });
  const installed = await which(input.command);
  if (!installed) {
    throw new ServiceUnavailableError(
      input.service,
      `${input.pkg} installed but \`${input.command}\` is not on PATH`,
      input.alternative,
    );
  }
  return installed;
}
