/** Scopes the sandbox's authorize page knows, with the text shown next to each checkbox. */
export const SANDBOX_SCOPES: Readonly<Record<string, string>> = {
  "user.info.basic": "Read your profile info (avatar, display name)",
  "user.info.profile": "Read your additional profile info (username, bio, profile link, verification)",
  "user.info.stats": "Read your statistics (likes, followers, following and video counts)",
  "video.list": "Read your public videos on TikTok",
  "video.upload": "Share content to TikTok as a draft",
  "video.publish": "Post content to TikTok",
};

/** `/v2/user/info/` fields and the scope each needs. */
export const USER_FIELD_SCOPES: Readonly<Record<string, string>> = {
  open_id: "user.info.basic",
  union_id: "user.info.basic",
  avatar_url: "user.info.basic",
  avatar_url_100: "user.info.basic",
  avatar_large_url: "user.info.basic",
  display_name: "user.info.basic",
  bio_description: "user.info.profile",
  profile_deep_link: "user.info.profile",
  is_verified: "user.info.profile",
  username: "user.info.profile",
  follower_count: "user.info.stats",
  following_count: "user.info.stats",
  likes_count: "user.info.stats",
  video_count: "user.info.stats",
};

/** Video object fields; all need `video.list`. */
export const VIDEO_FIELDS: readonly string[] = [
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
];

export const VIDEO_FIELD_SCOPES: Readonly<Record<string, string>> = Object.fromEntries(
  VIDEO_FIELDS.map((field) => [field, "video.list"]),
);

/** Splits a comma-separated list (scopes, fields), trimming and dropping empty items and duplicates. */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
  ];
}
