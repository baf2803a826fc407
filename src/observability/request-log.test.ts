import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

/** A Fastify server whose log lines land in `lines`. */
function serverWithLog(refusalsEvery: number, level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      callback();
    },
  });
  const server = Fastify({ logger: { level, stream }, logController: new RequestLog(refusalsEvery) });
  server.get('/ok', async () => ({ ok: true }));
  server.get('/shed', async (_request, reply) => reply.code(503).send({ error: { code: 'OVERLOADED' } }));
  server.get('/queue', async (_request, reply) => reply.code(428).send({ error: {} }));
  server.get('/boom', async () => {
    throw new Error('boom');
  });
  return { server, lines };
}

describe('RequestLog', () => {
  it('logs one line per answered request, with its method, url and status', async () => {
    const { server, lines } = serverWithLog(10);
    await server.inject({ method: 'GET', url: '/ok' });
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ req: { method: 'GET', url: '/ok' }, res: { statusCode: 200 } });
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
    await server.close();
  });

  it('logs refusals one in N with the count, and every error', async () => {
    const { server, lines } = serverWithLog(4);
    for (let index = 0; index < 6; index++) await server.inject({ method: 'GET', url: '/shed' });
    for (let index = 0; index < 2; index++) await server.inject({ method: 'GET', url: '/queue' });
    await server.inject({ method: 'GET', url: '/boom' });
    const sampled = lines.filter((line) => line.msg === 'requests refused (sampled)');
    expect(sampled.map((line) => line.refusals)).toEqual([4, 4]);
    expect(lines.filter((line) => line.msg === 'request completed')).toHaveLength(1);
    expect(lines.some((line) => (line.res as { statusCode?: number })?.statusCode === 500)).toBe(true);
    await server.close();
  });

  it('keeps the incoming-request line at debug level', async () => {
    const { server, lines } = serverWithLog(1, 'debug');
    await server.inject({ method: 'GET', url: '/ok' });
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(true);
    await server.close();
  });
});
