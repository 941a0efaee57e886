export { AppError, isAppError, type AppErrorOptions } from "./app-error";
export { ERROR_CODES, type ErrorCode } from "./codes";
