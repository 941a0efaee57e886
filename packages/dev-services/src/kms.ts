import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { ServiceUnavailableError } from "./errors";
import { withLock } from "./lock";
import type { ServiceLog } from "./log";
import { startProcess } from "./managed-process";
import { freePort, waitForPort } from "./net";
import { toolsDir } from "./paths";
import { runCommand, which } from "./run";

/** The alias seed 003 names for the token key. */
export const TOKEN_KEY_ALIAS = "alias/trendpot/tiktok-display-oauth";
const MOTO_VERSION = "5.2.5";

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
  const motoServer = await ensureMoto(input.log);
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

/** Installs moto's server into a project-local virtualenv once (.tools/moto-venv). */
async function ensureMoto(log: ServiceLog): Promise<string> {
  const venv = join(toolsDir(), "moto-venv");
  const motoServer = join(venv, "bin", "moto_server");
  if (existsSync(motoServer)) return motoServer;
  const python = (await which("python3")) ?? (await which("python"));
  if (!python) {
    throw new ServiceUnavailableError(
      "KMS emulator",
      "Python 3 is not installed, so moto's KMS server cannot be installed",
      "install python3 (apt-get install python3 python3-venv), or set KMS_ENDPOINT to a KMS (or emulator) you run",
    );
  }
  mkdirSync(toolsDir(), { recursive: true });
  await withLock(join(toolsDir(), ".moto.lock"), async () => {
    if (existsSync(motoServer)) return;
    log(`installing moto[server]==${MOTO_VERSION} into .tools/moto-venv (first time only)…`);
    await runCommand(python, ["-m", "venv", venv], { quiet: true });
    await runCommand(join(venv, "bin", "pip"), ["install", "--quiet", `moto[server]==${MOTO_VERSION}`], {
      quiet: true,
    });
    log("moto installed");
  });
  return motoServer;
}
