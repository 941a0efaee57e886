import { SANDBOX_SCOPES } from "./fields";

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#161823}
fieldset{border:1px solid #ddd;border-radius:8px;margin:1rem 0}label{display:inline-block;margin:.25rem 0}
select,button{font:inherit;padding:.5rem .75rem;border-radius:6px}button{cursor:pointer;margin-right:.5rem}
button[value=approve]{background:#fe2c55;color:#fff;border:0}.error{color:#b00020}.note{color:#555;font-size:.9rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** TikTok's "We couldn't log in with TikTok" page, listing the parameters to correct. */
export function authorizeErrorPage(problems: string[]): string {
  const items = problems.map((problem) => `<li><code>${escapeHtml(problem)}</code></li>`).join("");
  return layout(
    "TikTok Sandbox: couldn't log in",
    `<h1>We couldn't log in with TikTok</h1>
<p>This may be due to specific app settings.</p>
<p>If you're a developer, correct the following and try again:</p>
<ul>${items}</ul>`,
  );
}

export interface ConsentPageInput {
  clientKey: string;
  /** The original authorize parameters, carried through the form as hidden fields. */
  hidden: Record<string, string>;
  requestedScopes: string[];
  /** Checked boxes (all requested ones on first display). */
  checkedScopes: string[];
  creators: { openId: string; username: string; displayName: string }[];
  selectedOpenId: string;
  error?: string;
}

/** The consent page: pick a creator, keep or untick scopes, Authorize or Cancel. Works without JavaScript. */
export function consentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const options = input.creators
    .map(
      (c) =>
        `<option value="${escapeHtml(c.openId)}"${c.openId === input.selectedOpenId ? " selected" : ""}>` +
        `${escapeHtml(c.displayName)} (@${escapeHtml(c.username)})</option>`,
    )
    .join("\n");
  const scopes = input.requestedScopes
    .map((scope, i) => {
      const id = `scope-${i}`;
      const checked = input.checkedScopes.includes(scope) ? " checked" : "";
      const text = SANDBOX_SCOPES[scope] ?? scope;
      return `<div><input type="checkbox" id="${id}" name="granted_scope" value="${escapeHtml(scope)}"${checked}>
<label for="${id}">${escapeHtml(text)} <span class="note">(${escapeHtml(scope)})</span></label></div>`;
    })
    .join("\n");
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : "";
  return layout(
    "TikTok Sandbox: authorize app",
    `<h1>Authorize app</h1>
<p>The app <code>${escapeHtml(input.clientKey)}</code> would like to access your TikTok account.</p>
${error}
<form method="post" action="/v2/auth/authorize/">
${hidden}
<p><label for="open_id">Log in as</label><br>
<select id="open_id" name="open_id">
${options}
</select></p>
<fieldset>
<legend>Permissions to grant</legend>
${scopes}
</fieldset>
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
<p class="note">TikTok Sandbox: a local simulator, not TikTok.</p>`,
  );
}
