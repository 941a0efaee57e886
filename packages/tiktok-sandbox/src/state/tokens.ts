import { randomInt } from "node:crypto";
import { randomAlnum } from "../crypto";

/** An authorization code. Codes contain `*` and `!` like TikTok's, so a client that skips URL-decoding fails. */
export interface CodeRecord {
  code: string;
  openId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenRecord {
  token: string;
  kind: "access" | "refresh";
  openId: string;
  scopes: string[];
  /** ms */
  expiresAt: number;
  revoked: boolean;
}

/** Codes live 10 minutes. */
export const CODE_TTL_MS = 10 * 60_000;

const suffix = () => `!${randomInt(1000, 10_000)}.va`;

/** Codes and tokens, and the list of every secret value ever handed out. */
export class TokenStore {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  readonly issued: string[] = [];

  issueCode(input: Omit<CodeRecord, "code" | "expiresAt" | "used">, nowMs: number): string {
    const code = `${randomAlnum(48)}*0${suffix()}`;
    this.codes.set(code, { ...input, code, expiresAt: nowMs + CODE_TTL_MS, used: false });
    this.issued.push(code);
    return code;
  }

  code(code: string): CodeRecord | undefined {
    return this.codes.get(code);
  }

  issuePair(
    openId: string,
    scopes: string[],
    nowMs: number,
    ttl: { accessSec: number; refreshSec: number },
  ): { access: TokenRecord; refresh: TokenRecord } {
    const make = (kind: TokenRecord["kind"], ttlSec: number): TokenRecord => {
      const token = `${kind === "access" ? "act" : "rft"}.${randomAlnum(64)}${suffix()}`;
      const record: TokenRecord = {
        token,
        kind,
        openId,
        scopes: [...scopes],
        expiresAt: nowMs + ttlSec * 1000,
        revoked: false,
      };
      this.tokens.set(token, record);
      this.issued.push(token);
      return record;
    };
    return { access: make("access", ttl.accessSec), refresh: make("refresh", ttl.refreshSec) };
  }

  token(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  /** A usable token of this kind, or undefined when unknown, revoked or expired. */
  live(token: string, kind: TokenRecord["kind"], nowMs: number): TokenRecord | undefined {
    const record = this.tokens.get(token);
    return record && record.kind === kind && !record.revoked && record.expiresAt > nowMs ? record : undefined;
  }

  hasUnrevoked(openId: string): boolean {
    for (const record of this.tokens.values()) if (record.openId === openId && !record.revoked) return true;
    return false;
  }

  /** Every token of the creator stops working (revoke, user disconnect). */
  revokeCreator(openId: string): void {
    for (const record of this.tokens.values()) if (record.openId === openId) record.revoked = true;
  }

  /** Makes the creator's live tokens of one kind expired as of `nowMs`. */
  expireCreator(openId: string, kind: TokenRecord["kind"], nowMs: number): void {
    for (const record of this.tokens.values()) {
      if (record.openId === openId && record.kind === kind) record.expiresAt = Math.min(record.expiresAt, nowMs);
    }
  }
}
