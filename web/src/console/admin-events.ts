import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { rawRequest, retryDelayMs, toApiError } from '../shared/api.js';
import { readSse } from '../shared/sse.js';
import { adminKey } from './admin-session.js';

/** One event of the admin stream: its type and fields. */
export interface AdminEvent {
  readonly type: string;
  readonly campaignId?: string;
  readonly [key: string]: unknown;
}

/** Connection state of the admin stream, for the dashboard's status line. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'unavailable';

/**
 * Follows GET /api/v1/admin/events with fetch streaming, since EventSource cannot send the Authorization header.
 * Reconnects with backoff and jitter; stops for good when the route does not exist.
 */
export function useAdminEvents(onEvent: (event: AdminEvent) => void): {
  state: StreamState;
  detail: string | undefined;
} {
  const [state, setState] = useState<StreamState>('connecting');
  const [detail, setDetail] = useState<string>();
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    const controller = new AbortController();
    let attempt = 0;
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          const response = await rawRequest('/api/v1/admin/events', {
            token: adminKey(),
            headers: { accept: 'text/event-stream' },
            signal: controller.signal,
          });
          if (!response.ok || response.body === null) {
            const error = await toApiError(response);
            if (error.code === 'ROUTE_NOT_FOUND' || error.code === 'ADMIN_KEY_REQUIRED') {
              setState('unavailable');
              setDetail(
                error.code === 'ROUTE_NOT_FOUND' ? i18next.t('console:events.unavailable') : error.message,
              );
              return;
            }
            throw error;
          }
          setState('open');
          setDetail(undefined);
          attempt = 0;
          for await (const message of readSse(response.body, controller.signal)) {
            let data: unknown;
            try {
              data = JSON.parse(message.data);
            } catch {
              continue;
            }
            if (typeof data !== 'object' || data === null) continue;
            const record = data as Record<string, unknown>;
            const type = typeof record.type === 'string' ? record.type : message.event;
            handler.current({ ...record, type });
          }
          throw new Error(i18next.t('console:events.ended'));
        } catch (error) {
          if (controller.signal.aborted) return;
          setState('reconnecting');
          setDetail(error instanceof Error ? error.message : String(error));
          const wait = retryDelayMs(undefined, Math.min(attempt, 4));
          attempt += 1;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    };
    void run();
    return () => controller.abort();
  }, []);

  return { state, detail };
}
