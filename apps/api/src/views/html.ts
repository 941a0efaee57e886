import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Marks a string as already-escaped HTML. Only view helpers create these. */
export interface SafeHtml {
  readonly html: string;
}

/** A tagged template that escapes every interpolated value unless it is {@link SafeHtml} (or a list of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return { html: out };
}

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map(render).join("");
  if (value && typeof value === "object" && "html" in value) return String((value as SafeHtml).html);
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

const STYLES = `
:root{color-scheme:light;--fg:#111827;--muted:#374151;--bg:#f9fafb;--card:#fff;--accent:#1d4ed8;--accent-fg:#fff;--border:#d1d5db}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:1.5rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,li{color:var(--muted)}
ul{padding-left:1.25rem}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin-top:1.5rem}
button,.button{font:inherit;font-weight:600;border-radius:.5rem;padding:.75rem 1.25rem;border:2px solid var(--accent);background:var(--accent);color:var(--accent-fg);cursor:pointer;text-decoration:none}
a{color:var(--accent)}
a:focus-visible,button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.notice{border-left:4px solid var(--accent);padding:.5rem 1rem;background:#eff6ff}
.error{border-left-color:#b91c1c;background:#fef2f2}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--border)}
.wide{max-width:72rem}
.table-wrap{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{margin:0}
.chart svg{display:block;max-width:100%;height:auto}
`;

/** Options of {@link sendPage}. */
export interface PageOptions {
  title: string;
  body: SafeHtml;
  status?: number;
  /** Extra origins the page's form may submit (or be redirected) to: CSP form-action covers redirects. */
  formActionOrigins?: readonly string[];
  wide?: boolean;
}

/**
 * Sends a server-rendered page with its own strict CSP: no script at all, one nonce'd style element, forms only
 * to ourselves (and the listed origins), no framing. Pages are never cached: they carry one-time tokens.
 */
export function sendPage(reply: FastifyReply, options: PageOptions): FastifyReply {
  const nonce = randomBytes(16).toString("base64");
  const formAction = ["'self'", ...(options.formActionOrigins ?? [])].join(" ");
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' https: data:",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${options.title}</title>
<style nonce="${nonce}">${{ html: STYLES }}</style>
</head>
<body>
<main id="main" class="${options.wide ? "wide" : ""}">
${options.body}
</main>
</body>
</html>`;
  return reply
    .status(options.status ?? 200)
    .header("content-security-policy", csp)
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .type("text/html; charset=utf-8")
    .send(document.html);
}
