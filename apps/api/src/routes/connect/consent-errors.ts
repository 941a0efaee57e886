import type { FastifyReply } from "fastify";
import { errorPage } from "../../views/consent-pages";
import { sendPage } from "../../views/html";

const MESSAGES = {
  session: {
    status: 410,
    title: "This link has expired",
    message: "This connection link was already used, has expired, or does not exist.",
  },
  csrf: { status: 403, title: "Please try again", message: "The form has expired or was not sent from this page." },
  state: {
    status: 400,
    title: "We could not finish connecting",
    message: "The answer from TikTok did not match a connection started here, or it arrived too late.",
  },
  mismatch: {
    status: 400,
    title: "We could not finish connecting",
    message: "This connection was started in another browser or tab. Start again from TrendPot.",
  },
} as const;

/** Renders one of the consent flow's error pages. Nothing is stored on these paths. */
export function sendConsentError(reply: FastifyReply, kind: keyof typeof MESSAGES): FastifyReply {
  const entry = MESSAGES[kind];
  return sendPage(reply, {
    title: `${entry.title} – TrendPot`,
    body: errorPage(entry.title, entry.message),
    status: entry.status,
  });
}
