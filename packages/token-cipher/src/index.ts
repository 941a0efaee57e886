export { decryptBootSecret } from "./boot-secret";
export {
  type CipherLogger,
  type CipherStats,
  type DecryptContext,
  type DecryptEvent,
  type EncryptContext,
  type KeyMismatchEvent,
  TikTokTokenCipher,
  type TokenCipherOptions,
} from "./cipher";
export { DATA_KEY_CONTEXT, type DataKey, type DataKeyProvider } from "./data-key-provider";
export { DEFAULT_KEY_CACHE, type KeyCacheOptions, type KeyCacheStats } from "./key-cache";
export { createKmsClient, createKmsDataKeyProvider } from "./kms-provider";
export { createLocalDataKeyProvider } from "./local-provider";
export { type ResolvedKeys, type ResolveKeysOptions, resolveKeys } from "./resolve-keys";
export {
  ALGORITHM,
  CURRENT_FORMAT_VERSION,
  parseStoredToken,
  type StoredToken,
  StoredTokenSchema,
  type TokenKind,
} from "./stored-token";
