import type { Account } from "@trendpot/db";
import { describe, expect, it } from "vitest";
import { isInvalidGrant, usableAccount } from "./access";
import { RefreshResultSchema, TokenSetSchema } from "./token-set";

const base = {
  _id: "acc_1",
  openId: "open",
  userId: "user",
  status: "active",
  grantedScopes: [],
  requestedScopes: [],
  credentialsVersion: 1,
  sync: {},
  createdAt: new Date(),
  updatedAt: new Date(),
} as unknown as Account;

describe("isInvalidGrant", () => {
  it("matches any error whose tiktokCode is invalid_grant, and nothing else", () => {
    expect(isInvalidGrant(Object.assign(new Error("x"), { tiktokCode: "invalid_grant" }))).toBe(true);
    expect(isInvalidGrant(Object.assign(new Error("x"), { tiktokCode: "invalid_request" }))).toBe(false);
    expect(isInvalidGrant(new Error("invalid_grant"))).toBe(false);
    expect(isInvalidGrant(undefined)).toBe(false);
  });
});

describe("usableAccount", () => {
  it.each([
    [null, "NOT_FOUND"],
    [{ ...base, status: "revoked" }, "ACCOUNT_NOT_ACTIVE"],
    [{ ...base, status: "needs_reauth" }, "ACCOUNT_NEEDS_REAUTH"],
    [base, "ACCOUNT_NEEDS_REAUTH"],
  ] as const)("refuses %# with %s", (account, code) => {
    expect(() => usableAccount(account as Account | null)).toThrow(expect.objectContaining({ code }));
  });
});

describe("token set schemas", () => {
  const tokens = {
    accessToken: "act.1",
    refreshToken: "rft.1",
    accessExpiresAt: new Date(),
    refreshExpiresAt: new Date(),
  };

  it.each(["", "   "])("a token set with an empty token (%j) is rejected", (empty) => {
    expect(TokenSetSchema.safeParse({ ...tokens, accessToken: empty }).success).toBe(false);
    expect(TokenSetSchema.safeParse({ ...tokens, refreshToken: empty }).success).toBe(false);
  });

  it("a refresh answer may omit the refresh token but never the access token", () => {
    expect(RefreshResultSchema.safeParse({ ...tokens, refreshToken: undefined }).success).toBe(true);
    expect(RefreshResultSchema.safeParse({ ...tokens, accessToken: "" }).success).toBe(false);
    expect(TokenSetSchema.safeParse({ ...tokens, accessExpiresAt: new Date(Number.NaN) }).success).toBe(false);
  });
});
