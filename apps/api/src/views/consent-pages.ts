import { html, type SafeHtml } from "./html";

const SCOPE_WORDS: Record<string, string> = {
  "user.info.basic": "Your basic profile: display name and profile picture, to link your TikTok account to TrendPot.",
  "user.info.profile": "Your profile details: username, bio and verification badge.",
  "user.info.stats": "Your account counts: followers, following, likes and number of videos.",
  "video.list": "The list of your public videos, with their embeds and view, like, comment and share counts.",
  "video.data": "Engagement metrics of your videos, so TrendPot can refresh them periodically.",
  "webhook.subscription": "Notifications from TikTok, for example when you disconnect TrendPot.",
};

/** A scope in plain words (the scope name itself when we have no wording for it). */
export function describeScope(scope: string): string {
  return SCOPE_WORDS[scope] ?? `Access TikTok calls "${scope}".`;
}

/** The hand-off page: what TrendPot will do, every scope in plain words, Continue (a POST) and Cancel. */
export function handoffPage(input: {
  consentCopy: string;
  scopes: readonly string[];
  sessionId: string;
  csrfToken: string;
  cancelUrl: string;
}): SafeHtml {
  return html`<div class="card">
<h1>Connect your TikTok account</h1>
<p class="notice">${input.consentCopy}</p>
<h2 id="scopes-heading">TrendPot will ask TikTok for:</h2>
<ul aria-labelledby="scopes-heading">
${input.scopes.map((scope) => html`<li><strong>${scope}</strong>: ${describeScope(scope)}</li>`)}
</ul>
<p>You will confirm on TikTok's own page. You can disconnect TrendPot at any time in TikTok's settings.</p>
<form method="post" action="/connect/tiktok/continue" aria-label="Connect TikTok">
<input type="hidden" name="session" value="${input.sessionId}">
<input type="hidden" name="csrf" value="${input.csrfToken}">
<div class="actions">
<button type="submit">Continue to TikTok</button>
<a href="${input.cancelUrl}">Cancel</a>
</div>
</form>
</div>`;
}

/** The result page after the callback (or a cancel): a clear outcome and, when partial, what is missing. */
export function resultPage(input: {
  outcome: "connected" | "denied" | "error";
  grantedScopes?: readonly string[];
  missingScopes?: readonly string[];
  message?: string;
  returnUrl?: string;
}): SafeHtml {
  const title =
    input.outcome === "connected"
      ? "Your TikTok account is connected"
      : input.outcome === "denied"
        ? "TikTok was not connected"
        : "Something went wrong";
  const missing = input.missingScopes ?? [];
  return html`<div class="card" role="status">
<h1>${title}</h1>
${input.message ? html`<p class="notice ${input.outcome === "connected" ? "" : "error"}">${input.message}</p>` : ""}
${
  input.outcome === "connected" && missing.length > 0
    ? html`<h2>Some permissions were not granted</h2>
<p>TrendPot will only use what you allowed. Not granted:</p>
<ul>${missing.map((scope) => html`<li><strong>${scope}</strong>: ${describeScope(scope)}</li>`)}</ul>`
    : ""
}
${
  input.outcome === "connected" && (input.grantedScopes ?? []).length > 0
    ? html`<h2>Granted</h2><ul>${(input.grantedScopes ?? []).map((scope) => html`<li>${scope}</li>`)}</ul>`
    : ""
}
${input.returnUrl ? html`<div class="actions"><a class="button" href="${input.returnUrl}">Back to TrendPot</a></div>` : html`<p>You can close this page.</p>`}
</div>`;
}

/** An error page for a broken or expired link (nothing was stored). */
export function errorPage(title: string, message: string): SafeHtml {
  return html`<div class="card" role="alert"><h1>${title}</h1><p class="notice error">${message}</p>
<p>Go back to TrendPot and start connecting again.</p></div>`;
}
