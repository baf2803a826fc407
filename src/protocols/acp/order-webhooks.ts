import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OrderView } from '../../commerce/index.js';
import { newId } from '../../shared/ids.js';
import type { Database } from '../../storage/schema.js';

/** Where and how order events go: the agent platform's receiver and the secret shared with it. */
export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
  /** The first retry waits this long; each next one twice as long, up to ten minutes. */
  readonly retryBaseMs: number;
}

/** Attempts before a delivery is given up (and counted in `failed_at`). */
export const MAX_DELIVERY_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
/** A delivery being sent is leased this long, so another node (or tick) does not send it too. */
const SENDING_LEASE_MS = 30_000;
const BATCH = 20;

/** Our order statuses in the words an agent platform shows its user. */
const ACP_ORDER_STATUS: Record<string, string> = {
  pending: 'created',
  paid: 'confirmed',
  fulfilled: 'shipped',
  delivered: 'delivered',
  cancelled: 'canceled',
  return_requested: 'delivered',
  returned: 'refunded',
  refunded: 'refunded',
};

/** `Merchant-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as ACP's webhook spec says. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/**
 * Order events for the agent platform, through an outbox in the store: `enqueue` writes the event
 * when it happens, and `deliverDue` (run every second) sends what is due, signed, until the
 * receiver answers 2xx, with exponential backoff between attempts. A node that crashes mid-send
 * leaves the row to be sent again after its lease: receivers see an event at least once.
 */
export function createOrderWebhooks(deps: {
  readonly db: Kysely<Database>;
  readonly target: WebhookTarget;
  readonly origin: string;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}) {
  const now = deps.now ?? Date.now;
  const send = deps.fetch ?? fetch;

  async function deliver(row: { id: string; body: string; attempts: number }): Promise<void> {
    const at = now();
    let failure: string | undefined;
    try {
      const response = await send(deps.target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'merchant-signature': signWebhook(deps.target.secret, row.body, Math.floor(at / 1000)),
          'request-id': row.id,
          timestamp: new Date(at).toISOString(),
        },
        body: row.body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = String(error);
    }
    const attempts = row.attempts + 1;
    const update =
      failure === undefined
        ? { delivered_at: now(), attempts }
        : attempts >= MAX_DELIVERY_ATTEMPTS
          ? { failed_at: now(), attempts, last_error: failure }
          : {
              attempts,
              last_error: failure,
              next_attempt_at:
                now() + Math.min(MAX_BACKOFF_MS, deps.target.retryBaseMs * 2 ** (attempts - 1)),
            };
    await deps.db.updateTable('agent_webhook_deliveries').set(update).where('id', '=', row.id).execute();
  }

  return {
    /** Writes the event for an order placed through a checkout session. */
    async enqueue(type: 'order_create' | 'order_update', sessionId: string, order: OrderView): Promise<void> {
      const body = JSON.stringify({
        type,
        data: {
          type: 'order',
          id: order.id,
          checkout_session_id: sessionId,
          permalink_url: `${deps.origin}/orders/${order.id}`,
          status: ACP_ORDER_STATUS[order.status] ?? order.status,
          totals: [{ type: 'total', display_text: 'Total', amount: order.total.amount }],
        },
      });
      const at = now();
      await deps.db
        .insertInto('agent_webhook_deliveries')
        .values({
          id: newId('whd'),
          url: deps.target.url,
          body,
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
        })
        .execute();
    },

    /** Sends every due delivery once; answers how many were attempted. */
    async deliverDue(): Promise<number> {
      const at = now();
      const due = await deps.db
        .selectFrom('agent_webhook_deliveries')
        .select(['id', 'body', 'attempts', 'next_attempt_at'])
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', at)
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .execute();
      let attempted = 0;
      for (const row of due) {
        // Taken only if nobody took it since we read it.
        const taken = await deps.db
          .updateTable('agent_webhook_deliveries')
          .set({ next_attempt_at: at + SENDING_LEASE_MS })
          .where('id', '=', row.id)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .where('delivered_at', 'is', null)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) continue;
        attempted += 1;
        await deliver(row);
      }
      return attempted;
    },
  };
}

/** The order events of one deployment. */
export type OrderWebhooks = ReturnType<typeof createOrderWebhooks>;
