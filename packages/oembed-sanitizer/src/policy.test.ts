import { AppError } from "@trendpot/errors";
import { describe, expect, it } from "vitest";
import { createSanitizerPolicy, DEFAULT_SANITIZER_POLICY } from "./policy";

describe("createSanitizerPolicy", () => {
  it("returns the defaults when given nothing", () => {
    expect(createSanitizerPolicy()).toEqual(DEFAULT_SANITIZER_POLICY);
  });

  it("normalizes hosts and leading dots on suffixes", () => {
    const policy = createSanitizerPolicy({ mediaHostSuffixes: [".TikTokCDN.com", " cdn.example "] });
    expect(policy.mediaHostSuffixes).toEqual(["tiktokcdn.com", "cdn.example"]);
  });

  it("freezes the result", () => {
    const policy = createSanitizerPolicy();
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.embedHosts)).toBe(true);
  });

  it.each([
    ["*.tiktok.com"],
    [""],
    ["xn--tktok-5ve.com"],
    ["www.tiktok.com/path"],
    ["localhost"],
    ["https://www.tiktok.com"],
  ])("refuses the host %j", (host) => {
    expect(() => createSanitizerPolicy({ embedHosts: [host] })).toThrow(AppError);
  });

  it("names the field in the error", () => {
    try {
      createSanitizerPolicy({ mediaHosts: ["*"] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION_FAILED");
      expect((error as AppError).details).toEqual({ field: "mediaHosts", host: "*" });
    }
  });

  it("refuses a non-https or non-canonical embed script URL", () => {
    expect(() => createSanitizerPolicy({ embedScriptUrl: "http://www.tiktok.com/embed.js" })).toThrow(AppError);
    expect(() => createSanitizerPolicy({ embedScriptUrl: "not a url" })).toThrow(AppError);
  });

  it("refuses non-positive limits", () => {
    expect(() => createSanitizerPolicy({ maxHtmlLength: 0 })).toThrow(AppError);
    expect(() => createSanitizerPolicy({ maxUrlLength: 1.5 })).toThrow(AppError);
  });
});
