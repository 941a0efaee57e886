import { describe, expect, it } from "vitest";
import { fieldsParam, parseScopeList, USER_FIELDS_BY_SCOPE, userFieldsForScopes, VIDEO_FIELDS } from "./fields";

describe("fields", () => {
  it("returns only the user fields of granted scopes", () => {
    expect(userFieldsForScopes(["user.info.basic", "video.list"])).toEqual([
      ...USER_FIELDS_BY_SCOPE["user.info.basic"],
    ]);
    const all = userFieldsForScopes(["user.info.stats", "user.info.profile", "user.info.basic"]);
    expect(all).toContain("username");
    expect(all).toContain("follower_count");
    expect(userFieldsForScopes(["user.info.profile"])).not.toContain("display_name");
    expect(userFieldsForScopes([])).toEqual([]);
  });

  it("puts username under user.info.profile, not basic", () => {
    expect(USER_FIELDS_BY_SCOPE["user.info.basic"]).not.toContain("username");
    expect(USER_FIELDS_BY_SCOPE["user.info.profile"]).toContain("username");
  });

  it("lists the documented video fields", () => {
    expect(VIDEO_FIELDS).toHaveLength(15);
    expect(VIDEO_FIELDS).toContain("view_count");
  });

  it("parses TikTok's comma-separated scope string tolerantly", () => {
    expect(parseScopeList("user.info.basic,video.list")).toEqual(["user.info.basic", "video.list"]);
    expect(parseScopeList(" user.info.basic, video.list,,video.list ")).toEqual(["user.info.basic", "video.list"]);
    expect(parseScopeList("")).toEqual([]);
  });

  it("adds required fields once", () => {
    expect(fieldsParam(["id", "create_time"], ["title", "id", " view_count "])).toBe("id,create_time,title,view_count");
  });
});
