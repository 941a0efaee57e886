/** A service could not be provided; the message says what is missing and how to provide it. */
export class ServiceUnavailableError extends Error {
  constructor(service: string, what: string, howToFix: string) {
    super(`${service} is not available: ${what}\nHow to fix: ${howToFix}`);
    this.name = "ServiceUnavailableError";
  }
}
