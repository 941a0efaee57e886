import { DescribeKeyCommand, type DescribeKeyCommandOutput, type KMSClient } from "@aws-sdk/client-kms";
import { AppError } from "@trendpot/errors";
import { toKmsAppError } from "./kms-errors";

/** The configured keys as KMS knows them at boot: what the cipher writes under and what it still reads. */
export interface ResolvedKeys {
  /** The ARN of the key the configured current id (alias, id or ARN) points to now; every write is stamped with it. */
  currentKeyArn: string;
  /**
   * Key ids accepted for reading: the configured current id as written (ciphertexts stamped before ARNs were
   * stored), each previous id as configured and its ARN. All of them need re-encryption onto `currentKeyArn`.
   */
  readableKeyIds: string[];
}

/** Options of {@link resolveKeys}. */
export interface ResolveKeysOptions {
  /** Deadline of each DescribeKey call (default 5000 ms): boot must fail clearly, not hang on KMS. */
  timeoutMs?: number;
  /** Told about a previous key that cannot be described (deleted, no access): it stays readable by its id only. */
  onUnresolvedPrevious?: (keyId: string, error: AppError) => void;
}

/**
 * Resolves the configured key (alias or id) to its ARN with DescribeKey, so every ciphertext names the key that
 * really made it. When an alias is re-pointed to a new key, the next boot resolves a new ARN, and every credential
 * still under the old ARN is seen as needing re-encryption (counted, alerted, swept) instead of passing unnoticed.
 * A current key that is unknown, disabled or unreachable fails boot with `KMS_UNAVAILABLE`.
 */
export async function resolveKeys(
  kms: KMSClient,
  configured: { currentKeyId: string; previousKeyIds?: readonly string[] },
  options: ResolveKeysOptions = {},
): Promise<ResolvedKeys> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const current = await describeKey(kms, configured.currentKeyId, timeoutMs);
  if (!current.enabled) {
    throw new AppError("KMS_UNAVAILABLE", {
      retryable: false,
      message: "The token encryption key (TIKTOK_TOKEN_ENC_KEY_ID) is disabled.",
      details: { operation: "DescribeKey", kmsError: "DisabledException" },
    });
  }
  const readable = new Set<string>([configured.currentKeyId]);
  for (const previous of configured.previousKeyIds ?? []) {
    readable.add(previous);
    try {
      readable.add((await describeKey(kms, previous, timeoutMs)).arn);
    } catch (error) {
      options.onUnresolvedPrevious?.(previous, toKmsAppError(error, "DescribeKey"));
    }
  }
  readable.delete(current.arn);
  return { currentKeyArn: current.arn, readableKeyIds: [...readable] };
}

async function describeKey(
  kms: KMSClient,
  keyId: string,
  timeoutMs: number,
): Promise<{ arn: string; enabled: boolean }> {
  let out: DescribeKeyCommandOutput;
  try {
    out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = isAbort(error) ? Object.assign(new Error("no answer in time"), { name: "TimeoutError" }) : error;
    throw toKmsAppError(cause, "DescribeKey");
  }
  const arn = out.KeyMetadata?.Arn;
  if (!arn) {
    throw toKmsAppError(Object.assign(new Error("no ARN"), { name: "MalformedResponse" }), "DescribeKey");
  }
  return { arn, enabled: out.KeyMetadata?.Enabled !== false };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
