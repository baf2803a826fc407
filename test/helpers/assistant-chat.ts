import type { TestApp } from './test-app.js';

/** One assistant answer as the JSON API gives it. */
export interface ChatReply {
  readonly status: number;
  readonly conversationId: string;
  readonly text: string;
  readonly cards: { type: string; data: unknown }[];
  readonly pendingConfirmation?: { id: string; action: string; summary: string };
  readonly model: { id: string; degraded: boolean };
  readonly answeredBy: string;
  readonly body: Record<string, unknown>;
}

/** A shopper chatting with the assistant through the JSON API of an in-process app. */
export interface Chat {
  readonly token: string;
  readonly shopperId: string;
  conversationId: string | undefined;
  say(text: string): Promise<ChatReply>;
}

/** Starts a shopper session and returns a chat bound to one conversation. */
export async function startChat(testApp: TestApp): Promise<Chat> {
  const { token, shopperId } = await testApp.newShopper();
  const chat: Chat = {
    token,
    shopperId,
    conversationId: undefined,
    async say(text) {
      const response = await testApp.app.server.inject({
        method: 'POST',
        url: '/api/v1/assistant/messages',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        payload: chat.conversationId === undefined ? { text } : { conversationId: chat.conversationId, text },
      });
      const body = response.json() as Record<string, unknown>;
      if (typeof body.conversationId === 'string') chat.conversationId = body.conversationId;
      return { ...(body as unknown as ChatReply), status: response.statusCode, body };
    },
  };
  return chat;
}

/** Creates a live claimable campaign through the admin API and returns its id. */
export async function createLiveCampaign(testApp: TestApp, name: string, percent = 10): Promise<string> {
  const response = await testApp.app.server.inject({
    method: 'POST',
    url: '/api/v1/admin/campaigns',
    headers: { authorization: `Bearer ${testApp.adminKey}` },
    payload: {
      name,
      budget: { claims: 100 },
      perShopperLimit: 1,
      reward: { type: 'percent', percent },
      status: 'live',
    },
  });
  if (response.statusCode !== 201) throw new Error(`campaign failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Moves an order to delivered through the admin API. */
export async function deliverOrder(testApp: TestApp, orderId: string): Promise<void> {
  for (const step of ['fulfil', 'deliver']) {
    const response = await testApp.app.server.inject({
      method: 'POST',
      url: `/api/v1/admin/orders/${orderId}/${step}`,
      headers: { authorization: `Bearer ${testApp.adminKey}` },
    });
    if (response.statusCode !== 200) throw new Error(`${step} failed: ${response.body}`);
  }
}
