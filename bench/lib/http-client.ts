import { Agent, request } from 'node:http';

/** One answer as the load generator sees it. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * A keep-alive HTTP client for an open-loop generator: many sockets (a crowd, not a polite pool),
 * every call resolves (network errors become status 0), nothing is retried.
 */
export function httpClient(baseUrl: string, maxSockets = 4096) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const call = (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Answer> =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: incoming.headers,
            }),
          );
          incoming.on('error', () => resolve({ status: 0, body: '', headers: {} }));
        },
      );
      outgoing.on('error', (error) => resolve({ status: 0, body: String(error), headers: {} }));
      if (payload !== undefined) outgoing.write(payload);
      outgoing.end();
    });
  /**
   * Opens `count` keep-alive connections before a crowd, as the connection pool of a proxy in
   * front of the server would hold them. Node 20's libuv accepts one connection per event-loop
   * iteration, so a busy server takes new connections at a few hundred a second: a generator
   * that opened its sockets during the crowd measured seconds of accept queue, not the server.
   */
  const warm = async (count: number): Promise<void> => {
    const open = Object.values(agent.freeSockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    const missing = Math.min(count, maxSockets) - open;
    if (missing > 0) await Promise.all(Array.from({ length: missing }, () => call('GET', '/healthz')));
  };
  return { call, warm, close: () => agent.destroy() };
}

/** The client `httpClient` returns. */
export type HttpClient = ReturnType<typeof httpClient>;

/** The parsed JSON of an answer, or undefined. */
export function json<T>(answer: Answer): T | undefined {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    return undefined;
  }
}
