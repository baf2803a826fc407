import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import { ORDER_CHANNELS, ORDER_STATUSES, OrderPage, OrderView } from '../../commerce/index.js';
import type { RouteModule } from '../server.js';

const Id = z.string().min(1).max(128);
const OrderParams = z.object({ id: Id }).strict();
const ReturnParams = z.object({ id: Id, returnId: Id }).strict();
const AdminOrderQuery = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    /** Only orders placed through this channel (which agent bought what). */
    channel: z.enum(ORDER_CHANNELS).optional(),
    /** Only orders placed through this agent platform. */
    agentId: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();

const security = [{ bearer: [] }];

/** Merchant order routes: list, fulfil, deliver, and receive returns. */
export const adminOrderRoutes: RouteModule = (server, context) => {
  const { orders } = context.commerce;
  const admin = { onRequest: context.requireAdmin };

  server.get(
    '/api/v1/admin/orders',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Placed orders, newest first',
        security,
        querystring: AdminOrderQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => orders.listAllOrders(request.query),
  );

  server.get(
    '/api/v1/admin/orders/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'One order',
        security,
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (request) => orders.getAnyOrder(request.params.id),
  );

  server.post(
    '/api/v1/admin/orders/:id/fulfil',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Mark a paid order fulfilled',
        security,
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (request) => orders.fulfil(request.params.id),
  );

  server.post(
    '/api/v1/admin/orders/:id/deliver',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Mark a fulfilled order delivered (starts the return window)',
        security,
        params: OrderParams,
        response: { 200: OrderView },
      },
    },
    async (request) => orders.deliver(request.params.id),
  );

  server.post(
    '/api/v1/admin/orders/:id/returns/:returnId/receive',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Goods of a return received: stock back, refund made',
        security,
        params: ReturnParams,
        response: { 200: OrderView },
      },
    },
    async (request) => orders.receiveReturn(request.params.id, request.params.returnId),
  );
};
