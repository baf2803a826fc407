import type { Kysely } from 'kysely';

const BATCH = 500;

interface LegacyRow {
  scope: string;
  key: string;
  response_status: number | null;
  response_body: string | null;
}

/**
 * A key's record keeps its answer as plain data (`answer`: `{ok: true, value}` or `{ok: false,
 * refusal}`) instead of an HTTP status and body, so the domains that run keys know nothing of
 * HTTP. Finished records are converted: a 2xx is its body; an error body is the refusal it holds;
 * an ACP answer (scope `...:ACP ...`) is ACP's own `{status, body}`, which that binding stores as
 * its value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('answer', 'text').execute();
  const raw = db as unknown as Kysely<{
    idempotency_keys: LegacyRow & { answer: string | null; state: string };
  }>;
  let after = { scope: '', key: '' };
  for (;;) {
    const rows = await raw
      .selectFrom('idempotency_keys')
      .select(['scope', 'key', 'response_status', 'response_body'])
      .where('state', '=', 'done')
      .where((where) =>
        where.or([
          where('scope', '>', after.scope),
          where.and([where('scope', '=', after.scope), where('key', '>', after.key)]),
        ]),
      )
      .orderBy('scope')
      .orderBy('key')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      await raw
        .updateTable('idempotency_keys')
        .set({ answer: JSON.stringify(answerOf(row)) })
        .where('scope', '=', row.scope)
        .where('key', '=', row.key)
        .execute();
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH) break;
    after = { scope: last.scope, key: last.key };
  }
  await db.schema.alterTable('idempotency_keys').dropColumn('response_status').execute();
  await db.schema.alterTable('idempotency_keys').dropColumn('response_body').execute();
}

/** The answer a record from before this migration stands for. */
export function answerOf(row: LegacyRow): unknown {
  const status = row.response_status ?? 200;
  const body = JSON.parse(row.response_body ?? 'null') as unknown;
  if (row.scope.includes(':ACP ')) return { ok: true, value: { status, body } };
  if (status < 400) return { ok: true, value: body };
  const error = (body as { error?: unknown } | null)?.error;
  return { ok: false, refusal: error ?? { code: 'INTERNAL', message: 'An unexpected error occurred.' } };
}
