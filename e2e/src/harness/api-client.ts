import type { ApiKeys, Role } from "./keys";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the api over real HTTP with one role's key. JSON in, JSON (or text) out; never throws on a status. */
export interface ApiClient {
  readonly baseUrl: string;
  request<T = unknown>(
    method: string,
    path: string,
    options?: { role?: Role | "none"; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, role?: Role): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body: unknown, role?: Role): Promise<ApiResponse<T>>;
}

export function createApiClient(baseUrl: string, keys: ApiKeys): ApiClient {
  const request: ApiClient["request"] = async (method, path, options = {}) => {
    const role = options.role ?? "platform";
    const headers: Record<string, string> = { ...options.headers };
    if (role !== "none") headers.authorization = `Bearer ${keys[role]}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("application/json") && text !== "") {
      parsed = JSON.parse(text);
    }
    return { status: response.status, headers: response.headers, body: parsed as never, text };
  };
  return {
    baseUrl,
    request,
    get: (path, role) => request("GET", path, { role: role ?? "platform" }),
    post: (path, body, role) => request("POST", path, { role: role ?? "platform", body }),
  };
}
