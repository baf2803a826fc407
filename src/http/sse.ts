import type { FastifyReply } from 'fastify';

/** Writes one server-sent event. */
export type SendEvent = (event: string, data: unknown) => void;

/**
 * Takes the response over from Fastify and opens a server-sent event stream on it (no caching, no
 * proxy buffering); answers the function that writes one event.
 */
export function openEventStream(reply: FastifyReply, headers: Record<string, string> = {}): SendEvent {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  return (event, data) => {
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}
