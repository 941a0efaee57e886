/** Progress lines for long steps (installs, builds, starts). Written to stderr so stdout stays machine-readable. */
export type ServiceLog = (message: string) => void;

export const stderrLog: ServiceLog = (message) => {
  process.stderr.write(`[dev-services] ${message}\n`);
};

export const silentLog: ServiceLog = () => {};
