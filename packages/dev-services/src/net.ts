import { connect, createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** True when nothing listens on the port on 127.0.0.1 and we may bind it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolveFree(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveFree(true)));
  });
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once("error", () => resolveConnect(false));
  });
}

/** Resolves once something accepts TCP connections on the port; rejects after `timeoutMs` or when `alive()` says the process died. */
export async function waitForPort(
  port: number,
  options: { host?: string; timeoutMs: number; alive?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const host = options.host ?? "127.0.0.1";
  while (Date.now() < deadline) {
    const death = options.alive?.();
    if (death) throw new Error(death);
    if (await canConnect(port, host)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${options.timeoutMs} ms`);
}
