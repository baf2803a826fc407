import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One recorded answer of a transcript: a JSON body, an SSE stream, or a hang (a timeout). */
export interface Exchange {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly sse?: readonly unknown[];
  readonly hang?: boolean;
}

/** A local node:http server that answers POST /v1/chat/completions from queued exchanges. */
export interface ReplayServer {
  readonly baseUrl: string;
  /** Parsed request bodies, in order. */
  readonly requests: Record<string, unknown>[];
  /** Queues the exchanges of a transcript file (with `replace` applied to its text). */
  load(name: string, replace?: Record<string, string>): void;
  /** Queues one exchange. */
  push(exchange: Exchange): void;
  /** Drops queued exchanges and recorded requests. */
  reset(): void;
  /** While set, every request hangs (a dead endpoint) instead of using the queue. */
  hangAll: boolean;
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'chat-completions');

/** Reads a transcript's exchanges. */
export function readTranscript(name: string, replace: Record<string, string> = {}): Exchange[] {
  let text = readFileSync(join(FIXTURES, name), 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return (JSON.parse(text) as { exchanges: Exchange[] }).exchanges;
}

/** Starts the replay server on a free loopback port. */
export async function startReplayServer(): Promise<ReplayServer> {
  const queue: Exchange[] = [];
  const requests: Record<string, unknown>[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const state = { hangAll: false };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push(JSON.parse(body || '{}') as Record<string, unknown>);
      const exchange = state.hangAll ? { hang: true } : queue.shift();
      if (exchange === undefined) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'replay queue is empty', type: 'server_error' } }));
        return;
      }
      if (exchange.hang === true) {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      if (exchange.sse !== undefined) {
        response.writeHead(exchange.status ?? 200, {
          'content-type': 'text/event-stream',
          ...exchange.headers,
        });
        for (const event of exchange.sse)
          response.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
        response.end();
        return;
      }
      response.writeHead(exchange.status ?? 200, { 'content-type': 'application/json', ...exchange.headers });
      response.end(JSON.stringify(exchange.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const replay: ReplayServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    load(name, replace) {
      queue.push(...readTranscript(name, replace));
    },
    push(exchange) {
      queue.push(exchange);
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    get hangAll() {
      return state.hangAll;
    },
    set hangAll(value: boolean) {
      state.hangAll = value;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return replay;
}
