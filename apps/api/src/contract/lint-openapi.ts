import { fileURLToPath } from "node:url";
import { BaseResolver, lintDocument, loadConfig, makeDocumentFromString } from "@redocly/openapi-core";

/** The committed linter configuration: Redocly's recommended rules, with the few that do not fit turned off. */
export const REDOCLY_CONFIG_PATH = fileURLToPath(new URL("../../redocly.yaml", import.meta.url));
// Beside the config: the name the ignore file (`.redocly.lint-ignore.yaml`) knows the document by.
const DOCUMENT_PATH = fileURLToPath(new URL("../../openapi.json", import.meta.url));

/** One linter finding, reduced to what a failing test should print. */
export interface LintFinding {
  severity: "error" | "warn";
  rule: string;
  message: string;
  pointer: string;
}

/**
 * Lints an OpenAPI document in-process with Redocly's rules (no CLI, no network: the resolver is never asked for
 * anything external because the document has no external `$ref`s).
 */
export async function lintOpenApi(document: unknown, configPath = REDOCLY_CONFIG_PATH): Promise<LintFinding[]> {
  const config = await loadConfig({ configPath });
  const problems = await lintDocument({
    document: makeDocumentFromString(JSON.stringify(document), DOCUMENT_PATH),
    config,
    externalRefResolver: new BaseResolver(),
  });
  return problems
    .filter((problem) => !problem.ignored)
    .map((problem) => ({
      severity: problem.severity === "error" ? "error" : "warn",
      rule: problem.ruleId,
      message: problem.message,
      pointer: problem.location[0]?.pointer ?? "",
    }));
}

/** `{ errors, warnings }` of a lint run. */
export function countFindings(findings: readonly LintFinding[]): { errors: number; warnings: number } {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}
