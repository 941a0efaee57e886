import { describe, expect, it } from "vitest";
import { sanitizeProfile } from "./profile";

describe("sanitizeProfile", () => {
  it("keeps sanitized display name, username, bio, avatars and the verified flag", () => {
    expect(
      sanitizeProfile({
        open_id: "open-1",
        union_id: "union-1",
        display_name: "<b>Lena</b> 🍰\u202E",
        username: "lena.bakes",
        bio_description: "Baker &amp; blogger\n\n\n<script>x()</script>Berlin",
        avatar_url: "https://p16-sign-va.tiktokcdn.com/avt/a.jpeg",
        avatar_url_100: "https://p16-sign-va.tiktokcdn.com/avt/a~100.jpeg",
        avatar_large_url: "https://p16-sign-va.tiktokcdn.com/avt/a~720.jpeg",
        is_verified: true,
        follower_count: 12,
      }),
    ).toEqual({
      displayName: "Lena 🍰",
      username: "lena.bakes",
      bioDescription: "Baker & blogger\n\nBerlin",
      avatarUrl: "https://p16-sign-va.tiktokcdn.com/avt/a.jpeg",
      avatarUrl100: "https://p16-sign-va.tiktokcdn.com/avt/a~100.jpeg",
      avatarLargeUrl: "https://p16-sign-va.tiktokcdn.com/avt/a~720.jpeg",
      isVerified: true,
    });
  });

  it("leaves out hostile or invalid fields instead of failing", () => {
    expect(
      sanitizeProfile({
        display_name: "<img src=x onerror=alert(1)>",
        username: "lena<script>",
        avatar_url: "https://evil.example/a.jpeg",
        avatar_url_100: "javascript:alert(1)",
        avatar_large_url: "http://p16.tiktokcdn.com/a.jpeg",
        is_verified: "yes",
      }),
    ).toEqual({});
  });

  it("bounds the display name", () => {
    expect(sanitizeProfile({ display_name: "x".repeat(500) }).displayName).toHaveLength(64);
  });

  it("returns nothing for a non-object", () => {
    expect(sanitizeProfile(null)).toEqual({});
    expect(sanitizeProfile("Lena")).toEqual({});
    expect(sanitizeProfile([{ display_name: "Lena" }])).toEqual({});
  });
});
