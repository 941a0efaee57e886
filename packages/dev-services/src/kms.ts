import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort, waitForPort } from "./net";
import { toolPath } from "./tools";

/** The alias the local KMS creates the token key under: what TIKTOK_TOKEN_ENC_KEY_ID names in local runs and tests. */
export const TOKEN_KEY_ALIAS = "alias/trendpot/tiktok-display-oauth";

export interface KmsService {
  /** KMS (and Secrets Manager) endpoint; undefined means the real AWS endpoint for the region. */
  endpoint: string | undefined;
  region: string;
  /** Credentials for the emulator; undefined means the default AWS credential chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  keyAlias: string;
  keyArn: string | undefined;
  kind: "external" | "moto";
  stop(): Promise<void>;
}

export async function startKms(input: {
  endpoint?: string;
  region?: string;
  dir: string;
  log: ServiceLog;
}): Promise<KmsService> {
  const region = input.region ?? "us-east-1";
  if (input.endpoint) {
    return {
      endpoint: input.endpoint,
      region,
      credentials: undefined,
      keyAlias: TOKEN_KEY_ALIAS,
      keyArn: undefined,
      kind: "external",
      stop: async () => {},
    };
  }
  const motoServer = await toolPath("moto_server");
  const port = await freePort();
  const proc = startProcess({
    name: "moto",
    command: motoServer,
    args: ["-H", "127.0.0.1", "-p", String(port)],
    dir: input.dir,
  });
  await waitForPort(port, { timeoutMs: 60_000, alive: proc.exited });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const kms = new KMSClient({ endpoint, region, credentials });
  try {
    const key = await kms.send(
      new CreateKeyCommand({ Description: "TikTok token key (dev-services)", KeyUsage: "ENCRYPT_DECRYPT" }),
    );
    const keyArn = key.KeyMetadata?.Arn;
    await kms.send(new CreateAliasCommand({ AliasName: TOKEN_KEY_ALIAS, TargetKeyId: key.KeyMetadata?.KeyId }));
    input.log(`KMS: moto on ${endpoint} with ${TOKEN_KEY_ALIAS}`);
    return { endpoint, region, credentials, keyAlias: TOKEN_KEY_ALIAS, keyArn, kind: "moto", stop: proc.stop };
  } catch (error) {
    await proc.stop();
    throw error;
  } finally {
    kms.destroy();
  }
}
