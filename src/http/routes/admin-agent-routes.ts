import { z } from 'zod';
import { Admission } from '../../admission/index.js';
import type { AgentPlatform } from '../../protocols/agents/agent-platforms.js';
import { AppError } from '../../shared/app-error.js';
import { MoneySchema } from '../../shared/money.js';
import type { RouteModule } from '../server.js';

const Rate = z
  .object({
    points: z.number().int().min(1).max(1_000_000),
    durationSeconds: z.number().int().min(1).max(86_400),
  })
  .strict()
  .describe('requests per window, over every shopper the agent acts for');
const Budget = MoneySchema.describe(
  'the most its orders may total in a UTC day (orders not cancelled), in minor units',
);
const AgentView = z.object({
  id: z.string(),
  name: z.string(),
  keyHint: z.string().describe("the key's last four characters"),
  status: z.enum(['active', 'suspended']),
  rate: Rate,
  dailyBudget: Budget.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const Name = z.string().trim().min(1).max(80);
const RegisterBody = z.object({ name: Name, rate: Rate.optional(), dailyBudget: Budget.optional() }).strict();
const UpdateBody = z
  .object({
    name: Name.optional(),
    status: z.enum(['active', 'suspended']).optional(),
    rate: Rate.optional(),
    dailyBudget: Budget.nullable().optional().describe('null removes the budget'),
  })
  .strict();
const Params = z.object({ id: z.string().min(1).max(128) }).strict();
const security = [{ bearer: [] }];

const view = ({ dailyBudget, ...platform }: AgentPlatform) => ({
  ...platform,
  ...(dailyBudget === undefined ? {} : { dailyBudget }),
  createdAt: new Date(platform.createdAt).toISOString(),
  updatedAt: new Date(platform.updatedAt).toISOString(),
});

/**
 * The merchant's outside agents: register one (its key is answered this once), list them, and
 * rename, re-limit, suspend or reactivate one. A suspended agent's requests are refused within
 * seconds on every node.
 */
export const adminAgentRoutes: RouteModule = (server, context) => {
  const admin = { onRequest: context.requireAdmin };
  const { agents } = context;

  server.get(
    '/api/v1/admin/agents',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Registered agent platforms',
        security,
        response: { 200: z.object({ items: z.array(AgentView) }) },
      },
    },
    async () => ({ items: (await agents.list()).map(view) }),
  );

  server.post(
    '/api/v1/admin/agents',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Register an agent platform; its key is shown once',
        security,
        body: RegisterBody,
        response: {
          201: z.object({
            agent: AgentView,
            key: z.string(),
            signingSecret: z.string().describe('signs ACP requests (Signature, Timestamp); shown this once'),
          }),
        },
      },
    },
    async (request, reply) => {
      const { platform, key, signingSecret } = await agents.register(request.body);
      return reply.status(201).send({ agent: view(platform), key, signingSecret });
    },
  );

  server.patch(
    '/api/v1/admin/agents/:id',
    {
      config: { admission: Admission.exempt },
      ...admin,
      schema: {
        tags: ['admin'],
        summary: 'Rename, re-limit, suspend or reactivate an agent platform',
        security,
        params: Params,
        body: UpdateBody,
        response: { 200: AgentView },
      },
    },
    async (request) => {
      if (Object.keys(request.body).length === 0)
        throw new AppError('VALIDATION_FAILED', 'Nothing to change.');
      return view(await agents.update(request.params.id, request.body));
    },
  );
};
