import pg from 'pg';
import type { CampaignNotifier } from '../../promotions/campaign-notifier.js';
import type { PostgresDb } from '../dialect.js';

const CHANNEL = 'rushcart_campaigns';
const RECONNECT_MS = 1000;

/**
 * Campaign notices over PostgreSQL LISTEN/NOTIFY: a dedicated client listens (a pooled one would
 * be handed to queries and miss notices); NOTIFY goes through the pool. The payload carries the
 * schema so test runs sharing one database ignore each other. A lost connection reconnects; the
 * periodic refresh covers notices missed meanwhile.
 */
export function createPostgresCampaignNotifier(db: PostgresDb, schema: string | undefined): CampaignNotifier {
  const scope = schema ?? 'public';
  const handlers: ((campaignId: string) => void)[] = [];
  let client: pg.Client | undefined;
  let closed = false;
  let reconnect: NodeJS.Timeout | undefined;

  const listen = async (): Promise<void> => {
    if (closed || client !== undefined) return;
    const next = new pg.Client(db.pool.options);
    client = next;
    const retry = () => {
      if (client === next) client = undefined;
      next.end().catch(() => undefined);
      if (!closed && reconnect === undefined) {
        reconnect = setTimeout(() => {
          reconnect = undefined;
          void listen();
        }, RECONNECT_MS);
        reconnect.unref();
      }
    };
    next.on('error', retry);
    next.on('notification', (notice) => {
      const [noticeScope, campaignId] = (notice.payload ?? '').split(':', 2);
      if (noticeScope !== scope || campaignId === undefined || campaignId === '') return;
      for (const handler of handlers) handler(campaignId);
    });
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
    } catch {
      retry();
    }
  };

  return {
    async publish(campaignId) {
      await db.pool.query('select pg_notify($1, $2)', [CHANNEL, `${scope}:${campaignId}`]);
    },
    async subscribe(handler) {
      handlers.push(handler);
      await listen();
    },
    async close() {
      closed = true;
      if (reconnect !== undefined) clearTimeout(reconnect);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
