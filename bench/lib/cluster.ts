import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { verifyPromotions } from '../../src/cli/verify-command.js';
import type { Db } from '../../src/storage/dialect.js';
import { type LoadBalancer, startLoadBalancer } from './load-balancer.js';
import { type ServerProcess, startServer } from './server-process.js';

/** Server nodes on one fresh PostgreSQL schema and one Redis, behind HAProxy. */
export interface Cluster {
  /** The balancer's URL: what clients use. */
  readonly url: string;
  readonly adminKey: string;
  readonly nodes: readonly ServerProcess[];
  readonly balancer: LoadBalancer;
  /** Recomputes every campaign's counters from the store (`rushcart verify`). */
  verify(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Starts `count` `rushcart serve` processes sharing a new schema of `postgresUrl` and `redisUrl`
 * (one secret, one admin key), then HAProxy round robin in front of them.
 */
export async function startCluster(options: {
  readonly count: number;
  readonly postgresUrl: string;
  readonly redisUrl: string | undefined;
  readonly env: Record<string, string>;
  /** Requests HAProxy sends each node at once (it queues the rest for up to 1 s); unlimited if unset. */
  readonly maxConnPerNode?: number | undefined;
}): Promise<Cluster> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const secret = randomBytes(32).toString('hex');
  const nodes: ServerProcess[] = [];
  for (let index = 0; index < options.count; index += 1) {
    nodes.push(
      await startServer({
        ...options.env,
        RUSHCART_DATABASE_URL: options.postgresUrl,
        RUSHCART_DATABASE_SCHEMA: schema,
        RUSHCART_JWT_SECRET: secret,
        ...(options.redisUrl === undefined ? {} : { RUSHCART_REDIS_URL: options.redisUrl }),
      }),
    );
  }
  const balancer = await startLoadBalancer(
    nodes.map((node) => node.url),
    options.maxConnPerNode === undefined ? {} : { maxConnPerNode: options.maxConnPerNode },
  );
  const first = nodes[0];
  if (first === undefined) throw new Error('a cluster needs a node');
  return {
    url: balancer.url,
    adminKey: first.adminKey,
    nodes,
    balancer,
    async verify() {
      const { openPostgres } = await import('../../src/storage/postgres/open-postgres.js');
      const db: Db = openPostgres({ url: options.postgresUrl, schema, poolSize: 2 });
      try {
        return (await verifyPromotions(db)).ok;
      } finally {
        await db.close();
      }
    },
    async stop() {
      await balancer.stop();
      for (const node of nodes) {
        await node.stop();
        node.dispose();
      }
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
