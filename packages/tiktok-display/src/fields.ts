/** User fields TikTok serves per scope; request only those the token's granted scopes cover. */
export const USER_FIELDS_BY_SCOPE = {
  "user.info.basic": ["open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name"],
  "user.info.profile": ["bio_description", "profile_deep_link", "is_verified", "username"],
  "user.info.stats": ["follower_count", "following_count", "likes_count", "video_count"],
} as const;

/** A scope that unlocks user fields. */
export type UserScope = keyof typeof USER_FIELDS_BY_SCOPE;
/** A field of `/v2/user/info/`. */
export type UserField = (typeof USER_FIELDS_BY_SCOPE)[UserScope][number];

/** Every field of TikTok's Video object (all need `video.list`). */
export const VIDEO_FIELDS = [
  "id",
  "create_time",
  "cover_image_url",
  "share_url",
  "video_description",
  "duration",
  "height",
  "width",
  "title",
  "embed_html",
  "embed_link",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
] as const;

/** A field of TikTok's Video object. */
export type VideoField = (typeof VIDEO_FIELDS)[number];

/** The fields every mapped video needs, added to each request whatever the caller asked for. */
export const REQUIRED_VIDEO_FIELDS: readonly VideoField[] = ["id", "create_time"];
/** The field every mapped user needs. */
export const REQUIRED_USER_FIELDS: readonly UserField[] = ["open_id"];

/** The user fields covered by the granted scopes, in a stable order; unknown scopes are ignored. */
export function userFieldsForScopes(grantedScopes: readonly string[]): UserField[] {
  const granted = new Set(grantedScopes.map((scope) => scope.trim()));
  const fields: UserField[] = [];
  for (const [scope, scopeFields] of Object.entries(USER_FIELDS_BY_SCOPE)) {
    if (granted.has(scope)) fields.push(...scopeFields);
  }
  return fields;
}

/** Splits TikTok's granted-scope string (comma-separated; whitespace tolerated) into a de-duplicated list. */
export function parseScopeList(scope: string): string[] {
  return [...new Set(scope.split(/[\s,]+/).filter((part) => part.length > 0))];
}

/** The caller's fields plus the required ones, de-duplicated, comma-joined for the `fields` query parameter. */
export function fieldsParam(required: readonly string[], requested: readonly string[]): string {
  return [...new Set([...required, ...requested.map((field) => field.trim()).filter(Boolean)])].join(",");
}
