import type { ApiEndpoint, CountedFault, HostileOembed, SandboxFaults } from "./types";

const API_ENDPOINTS: readonly string[] = ["token", "revoke", "user.info", "video.list", "video.query"];

export function noFaults(): SandboxFaults {
  return {
    serverErrors: null,
    rateLimitStorm: null,
    malformed: null,
    slow: null,
    hostileOembed: {},
    oembedFailures: null,
    oauthErrorsWithStatus200: false,
  };
}

type CountedKey = "serverErrors" | "rateLimitStorm" | "malformed";

function matches(fault: { endpoints?: string[] }, endpoint: string): boolean {
  return fault.endpoints ? fault.endpoints.includes(endpoint) : API_ENDPOINTS.includes(endpoint);
}

/** The faults switched on, and their consumption call by call. */
export class FaultState {
  private state = noFaults();

  set(faults: Partial<SandboxFaults>): void {
    this.state = { ...this.state, ...structuredClone(faults) };
  }

  clear(): void {
    this.state = noFaults();
  }

  snapshot(): SandboxFaults {
    return structuredClone(this.state);
  }

  /** Takes one use of a counted fault if it applies to this endpoint. */
  take<K extends CountedKey>(key: K, endpoint: ApiEndpoint | "oembed"): NonNullable<SandboxFaults[K]> | undefined {
    const fault = this.state[key] as (CountedFault & NonNullable<SandboxFaults[K]>) | null;
    if (!fault || fault.count <= 0 || !matches(fault, endpoint)) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.state[key] = null;
    return fault;
  }

  /** Delay in ms for this call, or 0. */
  takeDelay(endpoint: ApiEndpoint | "oembed"): number {
    const slow = this.state.slow;
    if (!slow || !matches(slow, endpoint)) return 0;
    if (slow.count !== undefined) {
      slow.count -= 1;
      if (slow.count <= 0) this.state.slow = null;
    }
    return slow.ms;
  }

  /** HTTP status to fail this oEmbed call with, if an oEmbed failure applies. */
  takeOembedFailure(videoId: string | undefined): number | undefined {
    const failure = this.state.oembedFailures;
    if (!failure) return undefined;
    if (failure.videoIds && (videoId === undefined || !failure.videoIds.includes(videoId))) return undefined;
    if (failure.count !== undefined) {
      failure.count -= 1;
      if (failure.count <= 0) this.state.oembedFailures = null;
    }
    return failure.status ?? 500;
  }

  hostileOembed(videoId: string): HostileOembed | undefined {
    return this.state.hostileOembed[videoId];
  }

  get oauthErrorsWithStatus200(): boolean {
    return this.state.oauthErrorsWithStatus200;
  }
}
