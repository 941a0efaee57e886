import { ACCOUNT_STATUSES } from "@trendpot/db";
import { AppError } from "@trendpot/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../../deps";
import { loadAccount } from "../../lib/load";
import { pageBody, sendJson } from "../../lib/page-body";
import { API_KEY_SECURITY, ROLES } from "../../plugins/api-key-auth";
import { AccountViewSchema, toAccountView } from "../../views/resources";
import { AUTHED_ERRORS, PageQuerySchema } from "../schemas";

export const AccountIdParamsSchema = z.object({
  id: z.string().regex(/^acc_[a-z0-9]{1,64}$/, "must be an account id"),
});

const ListAccountsQuerySchema = PageQuerySchema.extend({
  status: z.enum(ACCOUNT_STATUSES).optional(),
  userId: z.string().min(1).max(200).optional(),
  cursor: z
    .string()
    .regex(/^acc_[a-z0-9]{1,64}$/)
    .optional(),
});

const AccountsPageSchema = z.object({ items: z.array(AccountViewSchema), nextCursor: z.string().optional() });

/** Account reads: list (status, user, cursor), one by id, one by platform user id. */
export function accountReadRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const common = { tags: ["accounts"], security: API_KEY_SECURITY };
  return async (app) => {
    app.get(
      "/v1/accounts",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "List connected TikTok accounts",
          querystring: ListAccountsQuerySchema,
          response: { 200: AccountsPageSchema, ...AUTHED_ERRORS },
        },
      },
      async (request, reply) => {
        const { status, userId, limit, cursor } = request.query;
        const page = await deps.accounts.list({
          limit,
          ...(status ? { status } : {}),
          ...(userId ? { userId } : {}),
          ...(cursor ? { cursor } : {}),
        });
        const body = pageBody(reply, page, ({ items, nextCursor }) => ({
          items: items.map(toAccountView),
          ...(nextCursor ? { nextCursor } : {}),
        }));
        return sendJson(reply, body);
      },
    );

    app.get(
      "/v1/accounts/:id",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "One account: status, scopes, sync state, profile",
          params: AccountIdParamsSchema,
          response: { 200: AccountViewSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => toAccountView(await loadAccount(deps, request.params.id)),
    );

    app.get(
      "/v1/users/:userId/account",
      {
        config: { roles: ROLES.read },
        schema: {
          ...common,
          summary: "The account linked to a platform user",
          params: z.object({ userId: z.string().min(1).max(200) }),
          response: { 200: AccountViewSchema, ...AUTHED_ERRORS },
        },
      },
      async (request) => {
        const account = await deps.accounts.getByUserId(request.params.userId);
        if (!account) throw new AppError("NOT_FOUND", { message: "No TikTok account is linked to this user." });
        return toAccountView(account);
      },
    );
  };
}
