import { AppError } from "@trendpot/errors";
import { open, seal } from "./aes-gcm";
import { DATA_KEY_CONTEXT, type DataKeyProvider } from "./data-key-provider";
import { DataKeyCache, DEFAULT_KEY_CACHE, type KeyCacheOptions, type KeyCacheStats } from "./key-cache";
import { aadFor, CURRENT_FORMAT_VERSION, parseStoredToken, type StoredToken, type TokenKind } from "./stored-token";

/** Structured logger (pino-compatible). Receives ids and labels only, never a token or key. */
export interface CipherLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Binds a ciphertext to one account and token kind. */
export interface EncryptContext {
  accountId: string;
  kind: TokenKind;
}

/** Who decrypts what and why: logged with every decryption for compliance (who used which token, when, and why). */
export interface DecryptContext extends EncryptContext {
  requestId: string;
  operation: string;
}

export interface DecryptEvent extends DecryptContext {
  keyId: string;
  keySource: "cache" | "kms";
}

export interface KeyMismatchEvent extends DecryptContext {
  /** The key id found on the ciphertext (not accepted). */
  keyId: string;
}

export interface TokenCipherOptions {
  provider: DataKeyProvider;
  /** `TIKTOK_TOKEN_ENC_KEY_ID`: every write uses this key. */
  currentKeyId: string;
  /** Keys still accepted for reading during a rotation; drop one to retire it. */
  previousKeyIds?: readonly string[];
  /** Data-key cache bounds, or `false` for one KMS call per message. */
  cache?: Partial<KeyCacheOptions> | false;
  logger?: CipherLogger;
  /** Called when a ciphertext names a key that is not accepted (wired to `tiktok.token.key_mismatch`). */
  onKeyMismatch?: (event: KeyMismatchEvent) => void;
  onDecrypt?: (event: DecryptEvent) => void;
  /**
   * The compliance record of a decryption, awaited before the token is handed out: when it cannot be written the
   * decryption fails, so no token is ever used without its record (unlike a log line, which a level can drop).
   */
  recordAccess?: (event: DecryptEvent) => Promise<void>;
  now?: () => number;
}

export interface CipherStats extends KeyCacheStats {
  /** Calls that reached the data key provider (KMS GenerateDataKey and Decrypt). */
  kmsCalls: number;
}

/**
 * Envelope encryption of TikTok tokens: AES-256-GCM under KMS data keys, with the account id and token kind bound
 * through the AAD. Plaintext data keys are cached within bounds and zeroed on eviction.
 */
export class TikTokTokenCipher {
  readonly currentKeyId: string;
  private readonly accepted: ReadonlySet<string>;
  private readonly cache: DataKeyCache | undefined;
  private readonly pending = new Map<string, Promise<void>>();
  private kmsCalls = 0;

  constructor(private readonly options: TokenCipherOptions) {
    if (!options.currentKeyId) throw new AppError("VALIDATION_FAILED", { message: "A current key id is required." });
    this.currentKeyId = options.currentKeyId;
    this.accepted = new Set([options.currentKeyId, ...(options.previousKeyIds ?? [])]);
    this.cache = options.cache === false ? undefined : createCache(options.cache, options.now ?? Date.now);
  }

  /** Encrypts a token under the current key for one account and kind. */
  async encrypt(plaintext: string, context: EncryptContext): Promise<StoredToken> {
    if (typeof plaintext !== "string" || plaintext.length === 0 || !context.accountId) {
      throw new AppError("VALIDATION_FAILED", { message: "A token and an account id are required to encrypt." });
    }
    const keyId = this.currentKeyId;
    const aad = aadFor({ version: CURRENT_FORMAT_VERSION, keyId, accountId: context.accountId, kind: context.kind });
    const data = Buffer.from(plaintext, "utf8");
    try {
      if (!this.cache) {
        const dataKey = await this.generateDataKey(keyId);
        try {
          return seal({ key: dataKey.plaintext, encryptedKey: dataKey.encrypted, keyId, aad, data });
        } finally {
          dataKey.plaintext.fill(0);
        }
      }
      for (let retry = false; ; retry = true) {
        const sealed = this.cache.withEncryptionKey(
          keyId,
          (key, encryptedKey) => seal({ key, encryptedKey, keyId, aad, data }),
          retry,
        );
        if (sealed) return sealed;
        await this.coalesce(`enc\u0000${keyId}`, () => this.refillEncryptionKey(keyId));
      }
    } finally {
      data.fill(0);
    }
  }

  /** Verifies the key id, then decrypts and authenticates. Logs the access (never the token). */
  async decrypt(stored: unknown, context: DecryptContext): Promise<string> {
    const token = parseStoredToken(stored);
    this.assertAcceptedKey(token.kid, context);
    try {
      const { value, keySource } = await this.openToken(token, context);
      const event: DecryptEvent = { ...context, keyId: token.kid, keySource };
      await this.options.recordAccess?.(event);
      this.options.logger?.info({ event: "token.decrypt", ...event }, "token decrypted");
      safely(() => this.options.onDecrypt?.(event));
      return value;
    } catch (error) {
      const code = error instanceof AppError ? error.code : "INTERNAL";
      this.options.logger?.warn(
        { event: "token.decrypt_failed", code, ...context, keyId: token.kid },
        "token decryption failed",
      );
      throw error;
    }
  }

  /** True when the stored value was written under another key or format than today's. */
  needsReEncryption(stored: unknown): boolean {
    const token = parseStoredToken(stored);
    return token.kid !== this.currentKeyId || token.v !== CURRENT_FORMAT_VERSION;
  }

  /** Moves a ciphertext to the current key (a no-op returning the same value when it already is). */
  async reEncrypt(stored: unknown, context: DecryptContext): Promise<StoredToken> {
    const token = parseStoredToken(stored);
    if (!this.needsReEncryption(token)) return token;
    const plaintext = await this.decrypt(token, context);
    return this.encrypt(plaintext, { accountId: context.accountId, kind: context.kind });
  }

  stats(): CipherStats {
    const cache = this.cache?.stats() ?? {
      encryptHits: 0,
      encryptMisses: 0,
      decryptHits: 0,
      decryptMisses: 0,
      evictions: 0,
      entries: 0,
    };
    return { ...cache, kmsCalls: this.kmsCalls };
  }

  /** Zeroes and drops every cached data key. */
  clearCache(): void {
    this.cache?.clear();
  }

  private assertAcceptedKey(keyId: string, context: DecryptContext): void {
    if (this.accepted.has(keyId)) return;
    const event: KeyMismatchEvent = { ...context, keyId };
    this.options.logger?.warn({ event: "token.key_mismatch", ...event }, "ciphertext under a key that is not accepted");
    safely(() => this.options.onKeyMismatch?.(event));
    throw new AppError("E_TIKTOK_KEY_MISMATCH", {
      details: { keyId, accountId: context.accountId, kind: context.kind },
    });
  }

  private async openToken(
    token: StoredToken,
    context: DecryptContext,
  ): Promise<{ value: string; keySource: "cache" | "kms" }> {
    const aad = aadFor({ version: token.v, keyId: token.kid, accountId: context.accountId, kind: context.kind });
    const encryptedKey = Buffer.from(token.edk, "base64");
    if (!this.cache) {
      const key = await this.decryptDataKey(token.kid, encryptedKey);
      try {
        return { value: open({ key, token, aad }), keySource: "kms" };
      } finally {
        key.fill(0);
      }
    }
    const cacheKey = decryptCacheKey(token.kid, token.edk);
    let keySource: "cache" | "kms" = "cache";
    for (let retry = false; ; retry = true) {
      const opened = this.cache.withDecryptionKey(cacheKey, (key) => ({ value: open({ key, token, aad }) }), retry);
      if (opened) return { value: opened.value, keySource };
      keySource = "kms";
      await this.coalesce(`dec\u0000${cacheKey}`, async () => {
        this.cache?.putDecryptionKey(cacheKey, await this.decryptDataKey(token.kid, encryptedKey));
      });
    }
  }

  private async refillEncryptionKey(keyId: string): Promise<void> {
    const dataKey = await this.generateDataKey(keyId);
    // The decryption side gets its own copy: each cache zeroes what it owns, on its own schedule.
    this.cache?.putDecryptionKey(
      decryptCacheKey(keyId, dataKey.encrypted.toString("base64")),
      Buffer.from(dataKey.plaintext),
    );
    this.cache?.putEncryptionKey(keyId, dataKey.plaintext, dataKey.encrypted);
  }

  private coalesce(key: string, run: () => Promise<void>): Promise<void> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const promise = run().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  private generateDataKey(keyId: string) {
    this.kmsCalls += 1;
    return this.options.provider.generateDataKey(keyId, { ...DATA_KEY_CONTEXT });
  }

  private decryptDataKey(keyId: string, encryptedKey: Buffer): Promise<Buffer> {
    this.kmsCalls += 1;
    return this.options.provider.decryptDataKey(keyId, encryptedKey, { ...DATA_KEY_CONTEXT });
  }
}

function createCache(bounds: Partial<KeyCacheOptions> | undefined, now: () => number): DataKeyCache {
  const options = { ...DEFAULT_KEY_CACHE, ...bounds };
  // Zero bounds would make every cached key unusable the moment it lands; use `cache: false` instead.
  if (!(options.ttlMs > 0 && options.maxUsesPerKey >= 1 && options.maxEntries >= 1)) {
    throw new AppError("VALIDATION_FAILED", { message: "Key cache bounds must be positive (or disable the cache)." });
  }
  return new DataKeyCache(options, now);
}

function decryptCacheKey(keyId: string, encryptedKeyBase64: string): string {
  return `${keyId}\u0000${encryptedKeyBase64}`;
}

// A failing telemetry hook must not turn a successful decryption into an error.
function safely(run: () => void): void {
  try {
    run();
  } catch {
    // Ignored on purpose: hooks are best-effort observers.
  }
}
