import { AppError } from "@trendpot/errors";

// What the scenario and the control API refuse. The messages name sandbox ids and inputs, never tokens.

export function invalidInput(message: string): AppError {
  return new AppError("VALIDATION_FAILED", { message });
}

export function notFound(message: string): AppError {
  return new AppError("NOT_FOUND", { message });
}

export function conflict(message: string): AppError {
  return new AppError("CONFLICT", { message });
}
