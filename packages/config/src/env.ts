import { z } from "zod";

/** Raised at boot when the environment is invalid: names every offending variable, never a value. */
export class ConfigError extends Error {
  readonly issues: ReadonlyArray<{ variable: string; problem: string }>;

  constructor(issues: ReadonlyArray<{ variable: string; problem: string }>) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}`).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/**
 * Parses `env` with `schema`. Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 * Every problem is reported at once; messages never include the offending value (it may be a secret).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join(".") || "(environment)",
    problem: describeIssue(issue),
  }));
  throw new ConfigError(issues);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return "is required but not set";
  // zod messages can quote the input; keep only our own messages and generic shape descriptions.
  switch (issue.code) {
    case "too_small":
      return `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    case "invalid_format":
      return `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")}`;
    case "invalid_type":
      return `must be a ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** An integer variable with bounds and a default. */
export function intVar(options: { default: number; min?: number; max?: number }) {
  let schema = z.coerce.number().int();
  if (options.min !== undefined) schema = schema.min(options.min);
  if (options.max !== undefined) schema = schema.max(options.max);
  return schema.default(options.default);
}

/** A boolean variable: true/false/1/0/yes/no, case-insensitive. */
export function boolVar(defaultValue: boolean) {
  return z
    .enum(["true", "false", "1", "0", "yes", "no", "TRUE", "FALSE", "YES", "NO", "True", "False"], {
      error: "must be true or false",
    })
    .transform((v) => ["true", "1", "yes"].includes(v.toLowerCase()))
    .default(defaultValue);
}

/** A list variable split on commas (and trimmed); empty items are dropped. */
export function listVar(separator: RegExp = /,/) {
  return z.string().transform((v) =>
    v
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
}

/** An absolute http(s) URL without a trailing slash. */
export function urlVar() {
  return z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
    .transform((v) => v.replace(/\/+$/, ""));
}
