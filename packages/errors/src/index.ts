export { AppError, type AppErrorOptions, isAppError } from "./app-error";
export { ERROR_CODES, type ErrorCode } from "./codes";
