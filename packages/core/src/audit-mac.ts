import { GenerateMacCommand, type KMSClient, VerifyMacCommand } from "@aws-sdk/client-kms";
import { AppError } from "@trendpot/errors";

/** Computes and checks MACs with a key the caller never holds (a KMS HMAC key), for audit anchors. */
export interface AuditMac {
  /** The KMS key (ARN or alias); stored with each anchor so verification uses the same key. */
  readonly keyId: string;
  mac(message: Buffer): Promise<Buffer>;
  /** True when `mac` is this key's MAC of `message`; false for any other MAC. */
  verify(message: Buffer, mac: Buffer): Promise<boolean>;
}

// KMS is another process: every call has a deadline, and a checkpoint or verify that cannot reach KMS says so.
const KMS_DEADLINE_MS = 5_000;
const ALGORITHM = "HMAC_SHA_256";

/**
 * An {@link AuditMac} on KMS GenerateMac/VerifyMac with an HMAC_256 key (`KeyUsage: GENERATE_VERIFY_MAC`). The
 * key never leaves KMS, so whoever can write to MongoDB but not call GenerateMac cannot mint a valid anchor.
 */
export function createKmsAuditMac(kms: KMSClient, keyId: string): AuditMac {
  const send = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await run(AbortSignal.timeout(KMS_DEADLINE_MS));
    } catch (error) {
      if ((error as { name?: string }).name === "KMSInvalidMacException") throw error;
      throw new AppError("KMS_UNAVAILABLE", {
        message: "KMS did not compute or check the audit anchor.",
        cause: error,
      });
    }
  };
  return {
    keyId,
    mac: async (message) => {
      const out = await send((abortSignal) =>
        kms.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: ALGORITHM }), {
          abortSignal,
        }),
      );
      if (!out.Mac) throw new AppError("KMS_UNAVAILABLE", { message: "KMS returned no MAC." });
      return Buffer.from(out.Mac);
    },
    verify: async (message, mac) => {
      try {
        const out = await send((abortSignal) =>
          kms.send(new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: mac, MacAlgorithm: ALGORITHM }), {
            abortSignal,
          }),
        );
        return out.MacValid === true;
      } catch (error) {
        // KMS answers a wrong MAC with this exception rather than MacValid: false.
        if ((error as { name?: string }).name === "KMSInvalidMacException") return false;
        throw error;
      }
    },
  };
}
