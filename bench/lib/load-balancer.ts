import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHealthy } from './server-process.js';

/** A real HAProxy (Debian's package) in front of server nodes on loopback. */
export interface LoadBalancer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Where HAProxy is: `HAPROXY_PATH`, or Debian's. Undefined when it is not installed. */
export function haproxyPath(): string | undefined {
  const path = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
  return existsSync(path) ? path : undefined;
}

/**
 * Starts HAProxy balancing round robin over `nodes` (base URLs on 127.0.0.1): no stickiness,
 * health checks on `/healthz` every 200 ms (a node killed refuses connections and is out within
 * about half a second; a node merely slow under a crowd has 3 s to answer before it counts as down),
 * keep-alive to the nodes, and a connect failure redispatched to another node. Resolves once it
 * answers `/healthz` through a node.
 */
export async function startLoadBalancer(
  nodes: readonly string[],
  options: { readonly maxConnPerNode?: number } = {},
): Promise<LoadBalancer> {
  const binary = haproxyPath();
  if (binary === undefined) throw new Error('HAProxy is not installed (apt-get install haproxy)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rushcart-lb-'));
  // With a per-node limit, HAProxy sends each node at most that many requests at once, queues
  // four times as many itself (cheaply, before any node reads them) for up to a second, and
  // answers the rest at once with our own 503 body and Retry-After: the node's event loop stays
  // able to read what it is sent.
  const limit =
    options.maxConnPerNode === undefined
      ? ''
      : ` maxconn ${options.maxConnPerNode} maxqueue ${options.maxConnPerNode * 4}`;
  const servers = nodes
    .map((node, index) => `  server n${index} ${new URL(node).host} check${limit}`)
    .join('\n');
  const overloaded = join(dir, '503.http');
  const body =
    '{"error":{"code":"OVERLOADED","message":"The service is at capacity; retry after the indicated time.","details":{"retryAfterMs":1000,"retryAfterSeconds":1}}}';
  writeFileSync(
    overloaded,
    `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: 1\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\n\r\n${body}`,
  );
  const config = `global
  maxconn 8192
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout queue 1s
  errorfile 503 ${overloaded}
  option http-keep-alive
  retries 2
  option redispatch
frontend rushcart
  bind 127.0.0.1:${port}
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /healthz
  timeout check 3s
  default-server inter 200ms fall 2 rise 2
${servers}
`;
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, 'haproxy', 20_000);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
