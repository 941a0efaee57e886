export type { AccessContext, CredentialCipher } from "./access";
export type { ConsentTokensInput, StoreLogger } from "./credential-store";
export {
  type AccountDisplay,
  type ConnectInput,
  type ConsentGrant,
  type Credentials,
  type CredentialsOptions,
  createCredentials,
  type TokenCalls,
} from "./credentials";
export type { RefreshEvent, RefreshObservers, RefreshOutcome } from "./needs-reauth";
export type { ReEncryptProgress } from "./re-encrypt-sweep";
