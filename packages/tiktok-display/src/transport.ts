/** What the client reads of an HTTP answer. The global `fetch`'s `Response` has it, and so does {@link undiciTransport}. */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** What the client sends. */
export interface HttpRequestInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** How the client reaches TikTok: {@link undiciTransport} by default; tests hand in a `fetch`-shaped fake. */
export type FetchLike = (input: URL, init: HttpRequestInit) => Promise<HttpAnswer>;

/**
 * The default transport: undici's `request` on its global keep-alive pool, the same pool and the same diagnostics
 * channels (hence the same client spans) as the global `fetch`, without the WHATWG Request, Response and stream
 * objects `fetch` builds around every call, which cost several times the CPU of the call itself. A redirect is
 * returned as the answer, not followed: TikTok's endpoints answer where they are asked.
 */
export const undiciTransport: FetchLike = async (url, init) => {
  const { request } = await loadUndici();
  const answer = await request(url, {
    method: init.method,
    headers: init.headers,
    signal: init.signal,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const headers = answer.headers;
  return {
    status: answer.statusCode,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () => answer.body.text(),
  };
};

// Loaded on the first call, not with the client: importing it takes about 100 ms and 30 MB, which a process that
// never calls TikTok (or has not yet) should not pay before it is ready.
let undici: Promise<typeof import("undici")> | undefined;
const loadUndici = () => {
  undici ??= import("undici");
  return undici;
};
