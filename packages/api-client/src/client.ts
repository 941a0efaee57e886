import { ApiClientError, errorFromResponse } from "./errors";
import type { paths } from "./schema";

type Method = "get" | "post";
/** Paths that have an operation for `M`. */
export type PathsFor<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];
/** The generated operation type of `M P`. */
export type OperationOf<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

type Parameters<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Parameters<O> extends { path: infer X } ? X : never;
type QueryParams<O> = Parameters<O> extends { query?: infer X } ? X : never;
type BodyOf<O> = O extends { requestBody?: infer R } ? NonNullable<R> : never;
type JsonBody<O> = [BodyOf<O>] extends [never]
  ? never
  : BodyOf<O> extends { content: { "application/json": infer B } }
    ? B
    : never;

type SuccessStatus = 200 | 201 | 202;
/** The 2xx answer of an operation: its JSON body (or text for downloads). */
export type SuccessBody<O> = O extends { responses: infer R }
  ? {
      [S in keyof R & SuccessStatus]: R[S] extends { content: infer C } ? C[keyof C] : undefined;
    }[keyof R & SuccessStatus]
  : never;

/** Path parameters, query and JSON body of one call, typed from the spec; plus a per-call deadline. */
export type RequestOptions<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never | undefined] ? { query?: undefined } : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never] ? { body?: undefined } : { body: JsonBody<O> }) & {
    /** Overrides the client's deadline for this call. */
    timeoutMs?: number;
    signal?: AbortSignal;
    /** Sent as `x-request-id`, so the API's logs and errors carry the caller's id. */
    requestId?: string;
  };

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** e.g. `https://api.trendpot.example` (the api's `PUBLIC_BASE_URL`). */
  baseUrl: string;
  /** A platform, ops or compliance key; sent as `authorization: Bearer …`, never logged or put in an error. */
  apiKey: string;
  /** Deadline of each call, in ms (default 10 s). Every call has one. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A typed client: `client.get("/v1/accounts/{id}", { path: { id } })`. */
export interface ApiClient {
  get<P extends PathsFor<"get">>(
    path: P,
    ...options: RequestArgs<OperationOf<P, "get">>
  ): Promise<SuccessBody<OperationOf<P, "get">>>;
  post<P extends PathsFor<"post">>(
    path: P,
    ...options: RequestArgs<OperationOf<P, "post">>
  ): Promise<SuccessBody<OperationOf<P, "post">>>;
}
type RequestArgs<O> = [PathParams<O>] extends [never]
  ? [JsonBody<O>] extends [never]
    ? [options?: RequestOptions<O>]
    : [options: RequestOptions<O>]
  : [options: RequestOptions<O>];

const DEFAULT_TIMEOUT_MS = 10_000;

/** Creates a client for the TrendPot REST API. Nothing is sent until a method is called. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const call = async (method: Method, template: string, init: GenericOptions = {}): Promise<unknown> => {
    const operation = `${method.toUpperCase()} ${template}`;
    const url = new URL(base + fillPath(template, init.path));
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.requestId) headers["x-request-id"] = init.requestId;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: method.toUpperCase(),
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
      });
    } catch (error) {
      if (deadline.aborted) throw new ApiClientError("timeout", `${operation}: no answer within ${timeoutMs} ms`);
      throw new ApiClientError("network", `${operation}: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw await errorFromResponse(response, operation);
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 204) return undefined;
    if (!type.includes("json")) return response.text();
    try {
      return await response.json();
    } catch (error) {
      throw new ApiClientError("unexpected_response", `${operation}: the answer is not valid JSON`, {
        status: response.status,
        cause: error,
      });
    }
  };
  return {
    get: (path, ...args) => call("get", path, args[0] as GenericOptions) as never,
    post: (path, ...args) => call("post", path, args[0] as GenericOptions) as never,
  };
}

interface GenericOptions {
  path?: Record<string, string | number> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  requestId?: string | undefined;
}

function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}
