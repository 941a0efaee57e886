import { spawn } from "node:child_process";

/** Runs a command to completion, streaming its output to stderr; rejects with the tail of its output on failure. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      if (!options.quiet) process.stderr.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on("exit", (code) => {
      if (code === 0) resolveRun(output);
      else reject(new Error(`${command} ${args.join(" ")} failed (code ${code}):\n${output.slice(-3_000)}`));
    });
  });
}

/** The absolute path of an executable on PATH, or undefined. */
export async function which(name: string): Promise<string | undefined> {
  try {
    const out = await runCommand("sh", ["-c", `command -v ${name}`], { quiet: true });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
