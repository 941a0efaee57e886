/** Bounds of the plaintext data-key cache. */
export interface KeyCacheOptions {
  /** How long a data key may be used for encryption, and kept for decryption, after it was obtained. */
  ttlMs: number;
  /** How many messages one encryption data key may protect before a new one is generated. */
  maxUsesPerKey: number;
  /** How many decrypted data keys are kept (least recently used is evicted first). */
  maxEntries: number;
}

export const DEFAULT_KEY_CACHE: KeyCacheOptions = { ttlMs: 5 * 60_000, maxUsesPerKey: 10_000, maxEntries: 1_000 };

export interface KeyCacheStats {
  encryptHits: number;
  encryptMisses: number;
  decryptHits: number;
  decryptMisses: number;
  evictions: number;
  entries: number;
}

interface EncryptEntry {
  plaintext: Buffer;
  encrypted: Buffer;
  createdAt: number;
  uses: number;
}

interface DecryptEntry {
  plaintext: Buffer;
  createdAt: number;
}

/**
 * In-memory cache of plaintext data keys. Keys are handed to a synchronous callback only, so no caller ever holds a
 * key across an `await` and an eviction cannot zero a key that is still in use. Every eviction zeroes the buffer.
 */
export class DataKeyCache {
  private readonly encryptKeys = new Map<string, EncryptEntry>();
  private readonly decryptKeys = new Map<string, DecryptEntry>();
  private readonly counters = { encryptHits: 0, encryptMisses: 0, decryptHits: 0, decryptMisses: 0, evictions: 0 };

  constructor(
    private readonly options: KeyCacheOptions,
    private readonly now: () => number,
  ) {}

  /**
   * Runs `use` with a cached encryption key for `keyId` (counting one use), or returns undefined on a miss.
   * `retry` marks the attempt after a refill, so one message counts as one hit or one miss.
   */
  withEncryptionKey<T>(keyId: string, use: (plaintext: Buffer, encrypted: Buffer) => T, retry = false): T | undefined {
    const entry = this.encryptKeys.get(keyId);
    if (!entry || this.expired(entry.createdAt) || entry.uses >= this.options.maxUsesPerKey) {
      if (entry) this.evictEncryption(keyId);
      if (!retry) this.counters.encryptMisses += 1;
      return undefined;
    }
    if (!retry) this.counters.encryptHits += 1;
    entry.uses += 1;
    const result = use(entry.plaintext, entry.encrypted);
    if (entry.uses >= this.options.maxUsesPerKey) this.evictEncryption(keyId);
    return result;
  }

  /** Stores a new encryption key (replacing and zeroing an older one). The cache owns `plaintext` from now on. */
  putEncryptionKey(keyId: string, plaintext: Buffer, encrypted: Buffer): void {
    this.evictEncryption(keyId);
    this.encryptKeys.set(keyId, { plaintext, encrypted, createdAt: this.now(), uses: 0 });
  }

  /** Runs `use` with the cached plaintext of an encrypted data key, or returns undefined on a miss. */
  withDecryptionKey<T>(cacheKey: string, use: (plaintext: Buffer) => T, retry = false): T | undefined {
    const entry = this.decryptKeys.get(cacheKey);
    if (!entry || this.expired(entry.createdAt)) {
      if (entry) this.evictDecryption(cacheKey);
      if (!retry) this.counters.decryptMisses += 1;
      return undefined;
    }
    if (!retry) this.counters.decryptHits += 1;
    // Re-insert to keep the map in least-recently-used order.
    this.decryptKeys.delete(cacheKey);
    this.decryptKeys.set(cacheKey, entry);
    return use(entry.plaintext);
  }

  /** Stores a decrypted data key. The cache owns `plaintext` from now on. */
  putDecryptionKey(cacheKey: string, plaintext: Buffer): void {
    this.evictDecryption(cacheKey);
    this.decryptKeys.set(cacheKey, { plaintext, createdAt: this.now() });
    for (const [key, entry] of this.decryptKeys) {
      if (this.decryptKeys.size <= this.options.maxEntries && !this.expired(entry.createdAt)) break;
      this.evictDecryption(key);
    }
  }

  /** Zeroes and drops every key (shutdown, or after a key rotation). */
  clear(): void {
    for (const keyId of [...this.encryptKeys.keys()]) this.evictEncryption(keyId);
    for (const key of [...this.decryptKeys.keys()]) this.evictDecryption(key);
  }

  stats(): KeyCacheStats {
    return { ...this.counters, entries: this.encryptKeys.size + this.decryptKeys.size };
  }

  private expired(createdAt: number): boolean {
    return this.now() - createdAt >= this.options.ttlMs;
  }

  private evictEncryption(keyId: string): void {
    const entry = this.encryptKeys.get(keyId);
    if (!entry) return;
    entry.plaintext.fill(0);
    this.encryptKeys.delete(keyId);
    this.counters.evictions += 1;
  }

  private evictDecryption(cacheKey: string): void {
    const entry = this.decryptKeys.get(cacheKey);
    if (!entry) return;
    entry.plaintext.fill(0);
    this.decryptKeys.delete(cacheKey);
    this.counters.evictions += 1;
  }
}
