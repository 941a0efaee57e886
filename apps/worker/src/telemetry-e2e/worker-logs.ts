/** The fields of a worker log line (pino JSON) that the e2e check reads. */
export interface WorkerLogLine {
  msg?: string;
  level?: number;
  queue?: string;
  jobId?: string;
  requestId?: string;
  trace_id?: string;
  span_id?: string;
  signal?: { kind?: string };
  [field: string]: unknown;
}

/** Every JSON object line of the worker's stdout; anything else there is an error (the worker logs JSON only). */
export function parseLogLines(stdout: string): WorkerLogLine[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as WorkerLogLine;
      } catch {
        throw new Error(`worker stdout has a line that is not JSON: ${line.slice(0, 300)}`);
      }
    });
}
