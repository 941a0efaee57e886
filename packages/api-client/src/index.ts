export {
  type ApiClient,
  type ApiClientOptions,
  createApiClient,
  type OperationOf,
  type PathsFor,
  type RequestOptions,
  type SuccessBody,
} from "./client";
export { ApiClientError, ApiError, type ApiErrorCode } from "./errors";
export type { components, operations, paths } from "./schema";
