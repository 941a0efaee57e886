import type { FastifyReply } from "fastify";

// Keyed by the page object itself: the read cache hands out the same object until its data changes, and a dropped
// page takes its body with it.
const bodies = new WeakMap<object, Body>();

type Body = ReturnType<FastifyReply["serialize"]>;

/**
 * The route's serialized answer for a page read from a repository, made once per page object: a page the read
 * cache answers is turned into views and serialized once, not on every request that reads it. Send it with
 * `sendJson`.
 */
export function pageBody<P extends object>(reply: FastifyReply, page: P, view: (page: P) => unknown): Body {
  let body = bodies.get(page);
  if (body === undefined) {
    // The route's own response serializer (its schema), exactly as returning the view would use.
    body = reply.serialize(view(page));
    bodies.set(page, body);
  }
  return body;
}

/** Sends an already serialized JSON answer (Fastify does not serialize a string again). */
export function sendJson(reply: FastifyReply, body: Body): FastifyReply {
  return reply.type("application/json; charset=utf-8").send(body);
}
