import { DecryptCommand, GenerateDataKeyCommand, KMSClient, type KMSClientConfig } from "@aws-sdk/client-kms";
import type { DataKey, DataKeyProvider } from "./data-key-provider";
import { toKmsAppError } from "./kms-errors";

/** A `DataKeyProvider` on AWS KMS (or an emulator): GenerateDataKey and Decrypt, AES_256 data keys. */
export function createKmsDataKeyProvider(kms: KMSClient): DataKeyProvider {
  return {
    async generateDataKey(keyId, context): Promise<DataKey> {
      let plaintext: Uint8Array | undefined;
      let encrypted: Uint8Array | undefined;
      try {
        const out = await kms.send(
          new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: context }),
        );
        plaintext = out.Plaintext;
        encrypted = out.CiphertextBlob;
      } catch (error) {
        throw toKmsAppError(error, "GenerateDataKey");
      }
      if (plaintext?.length !== 32 || !encrypted || encrypted.length === 0) {
        plaintext?.fill(0);
        throw toKmsAppError(
          Object.assign(new Error("bad GenerateDataKey response"), { name: "MalformedResponse" }),
          "GenerateDataKey",
        );
      }
      return { plaintext: asBuffer(plaintext), encrypted: Buffer.from(encrypted) };
    },
    async decryptDataKey(keyId, encrypted, context): Promise<Buffer> {
      let plaintext: Uint8Array | undefined;
      try {
        // Naming the key makes KMS refuse a blob made under any other key. Not for aliases: an alias moved to a new
        // key would then reject every blob made under the old one, which stays valid.
        const named = isAlias(keyId) ? {} : { KeyId: keyId };
        const out = await kms.send(
          new DecryptCommand({ ...named, CiphertextBlob: encrypted, EncryptionContext: context }),
        );
        plaintext = out.Plaintext;
      } catch (error) {
        throw toKmsAppError(error, "Decrypt");
      }
      if (plaintext?.length !== 32) {
        plaintext?.fill(0);
        throw toKmsAppError(
          Object.assign(new Error("bad Decrypt response"), { name: "InvalidCiphertextException" }),
          "Decrypt",
        );
      }
      return asBuffer(plaintext);
    },
  };
}

/** Builds a KMS client for the composition root (endpoint and static credentials only for emulators). */
export function createKmsClient(input: {
  region: string;
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  maxAttempts?: number;
}): KMSClient {
  const config: KMSClientConfig = { region: input.region };
  if (input.endpoint) config.endpoint = input.endpoint;
  if (input.credentials) config.credentials = input.credentials;
  if (input.maxAttempts !== undefined) config.maxAttempts = input.maxAttempts;
  return new KMSClient(config);
}

function isAlias(keyId: string): boolean {
  return keyId.startsWith("alias/") || keyId.includes(":alias/");
}

// A view over the SDK's bytes rather than a copy, so zeroing the key also wipes the SDK's buffer.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
