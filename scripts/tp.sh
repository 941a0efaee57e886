#!/usr/bin/env bash
# The one entry point for newcomers, CI and the root package.json scripts.
#   bash scripts/tp.sh test    install what is missing, start local services, run lint, typecheck and every test
#   bash scripts/tp.sh start   install what is missing, start local services, the TikTok sandbox, api and worker
#   bash scripts/tp.sh exec …  run a command with the project's Node 22 and pnpm on PATH
# It installs Node 22 (from the npm registry's `node` package) and pnpm into .tools/ when the machine lacks them,
# so `npm test` / `npm start` work on a machine with only an older Node and npm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tools="$root/.tools"
node_major_wanted=22
pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' package.json)"

say() { printf '\033[1m[tp]\033[0m %s\n' "$*" >&2; }

ensure_node() {
  local have
  have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$have" = "$node_major_wanted" ]; then return; fi
  if [ ! -x "$tools/node/node_modules/.bin/node" ]; then
    say "Node $node_major_wanted not found (have ${have}); installing it into .tools/node from the npm registry…"
    npm install --prefix "$tools/node" --no-audit --no-fund --loglevel=error "node@$node_major_wanted" >&2
  fi
  export PATH="$tools/node/node_modules/.bin:$PATH"
}

ensure_pnpm() {
  if [ "$(pnpm --version 2>/dev/null || true)" = "$pnpm_version" ]; then return; fi
  if [ ! -x "$tools/pnpm/node_modules/.bin/pnpm" ] || [ "$("$tools/pnpm/node_modules/.bin/pnpm" --version)" != "$pnpm_version" ]; then
    say "installing pnpm $pnpm_version into .tools/pnpm…"
    npm install --prefix "$tools/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" >&2
  fi
  export PATH="$tools/pnpm/node_modules/.bin:$PATH"
}

ensure_deps() {
  # Skip the install when the lockfile has not changed since the last one (keeps warm runs fast).
  local stamp="$root/node_modules/.tp-lock-hash" want
  want="$(sha256sum pnpm-lock.yaml 2>/dev/null | cut -d' ' -f1 || echo none)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "installing dependencies (pnpm install)…"
  if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile >&2; else pnpm install >&2; fi
  sha256sum pnpm-lock.yaml | cut -d' ' -f1 >"$stamp"
}

ensure_node
ensure_pnpm
export PATH="$root/node_modules/.bin:$PATH"
cmd="${1:-help}"
[ $# -gt 0 ] && shift
case "$cmd" in
  exec) ensure_deps; exec "$@" ;;
  test)
    ensure_deps
    say "lint"; biome check .
    say "typecheck"; tsc -p tsconfig.json; turbo run typecheck --output-logs=errors-only
    say "import rules"; node --import tsx scripts/check-imports.ts >&2
    # The ops suites run the OpenTelemetry Collector, built from Go modules once per clone (about a minute with Go's
    # caches warm, 13.7 min on a machine that never built it) and kept in .tools/.
    say "the OpenTelemetry Collector"; node --import tsx packages/dev-services/src/cli.ts provision otelcol >&2
    say "tests (services start once and are shared by every test file)"
    exec node --import tsx packages/dev-services/src/cli.ts run -- vitest run "$@"
    ;;
  test-ops)
    # Only the suites that need the Collector (e2e/src/ops): one trace across the apps, every panel and alert.
    ensure_deps
    node --import tsx packages/dev-services/src/cli.ts provision otelcol >&2
    exec node --import tsx packages/dev-services/src/cli.ts run -- vitest run --project e2e e2e/src/ops "$@"
    ;;
  start | dev)
    ensure_deps
    exec node --import tsx scripts/stack.ts "$cmd" "$@"
    ;;
  bench) ensure_deps; exec node --import tsx packages/dev-services/src/cli.ts run -- pnpm --filter @trendpot/bench run bench "$@" ;;
  services) ensure_deps; exec node --import tsx packages/dev-services/src/cli.ts "$@" ;;
  *) echo "usage: bash scripts/tp.sh {test|start|dev|bench|services|exec CMD…}" >&2; exit 2 ;;
esac
