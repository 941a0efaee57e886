export type { AccessContext, CredentialCipher, FreshAccessToken } from "./access";
export {
  type ConsentTokensInput,
  type CredentialStore,
  type CredentialStoreOptions,
  createCredentialStore,
  type StoreLogger,
} from "./credential-store";
export type { RefreshEvent, RefreshObservers, RefreshOutcome } from "./needs-reauth";
export type { ReEncryptProgress } from "./re-encrypt-sweep";
export { refreshWithTikTok, type TokenSet, TokenSetSchema, tokenSetFromTikTok } from "./token-set";
