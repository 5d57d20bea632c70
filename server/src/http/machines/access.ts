/**
 * Access at the machine (issue 16). A person starts a machine now, and the answer is the booking
 * rules' typed reasons:
 * - POST /machines/{id}/access — "Démarrer mon créneau" from the dashboard: an artisan for
 *   their own slot only (a walk-in on a free machine is by code, at the machine), a manager of
 *   the machine's site for a member of theirs (`member`), slot or walk-in.
 * - POST /machines/{id}/access/code — the machine's gateway (HTTP Basic: its id and MQTT secret,
 *   as for job files) with the PIN or badge code a person typed at the machine. Only a gateway
 *   speaking for the machine, of its site; wrong codes back off per gateway.
 * Allowed (200): the grant is recorded, so the next usage session on the machine is credited to
 * that person, not to the slot's holder. Refused: 422 (409 when someone else holds the slot).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  CONTRACT_VERSION,
  type CommandMessage,
  topics,
} from '@manufacto/firmware-profiles/contract';
import type { Context } from 'hono';
import type { AccessAnswer } from '../../services/access-service.js';
import { actor, audit, isManager, onSite, requireMemberOfMySites } from '../actor.js';
import type { AppEnv, RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  Id,
  iso,
  json,
  jsonBody,
  lang,
  RefusedSchema,
  refusedBody,
  roles,
  router,
} from '../openapi.js';

const GrantedSchema = z
  .object({
    allowed: z.literal(true),
    as: z.enum(['holder', 'walk_in']),
    member: z.object({ id: z.string(), name: z.string() }),
    reservation: z.string().nullable(),
    until: z.string(),
    next: z.object({ start: z.string() }).nullable(),
    grant: z.string(),
    /** Started from the dashboard: whether the machine's gateway was told to switch it on. */
    gateway: z.enum(['told', 'none', 'asked']),
  })
  .openapi('AccessGranted');

/**
 * A slot started from the dashboard: the machine's gateway is told over MQTT to switch its relay
 * on until the grant's end (`unlock` on the machine's command topic). 'none': no gateway speaks
 * for the machine, or no embedded broker — the grant still says who runs the next job.
 */
async function tellGateway(
  deps: RouteDeps<'gatewayCredentials' | 'jobs', 'clock'>,
  a: AccessAnswer,
): Promise<'told' | 'none'> {
  if (!a.allowed) return 'none';
  const { gatewayCredentials, jobs, services } = deps;
  const { site, machine } = a.grant;
  const serves = (await gatewayCredentials.list(site)).some(
    (g) => !g.revoked && g.machines.includes(machine),
  );
  if (!serves || !jobs?.publish) return 'none';
  const command: CommandMessage = {
    v: CONTRACT_VERSION,
    ts: services.clock(),
    command: 'unlock',
    until: a.until,
    member: a.member.id,
  };
  await jobs.publish(topics.machine(site, machine, 'command'), JSON.stringify(command));
  return 'told';
}

/** How long a gateway's wrong codes are remembered after the last one (successes do not wipe them). */
const CODE_FAILURES_KEPT_MS = 15 * 60_000;

function basic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function answer(c: Context<AppEnv>, a: AccessAnswer, gateway: 'told' | 'none' | 'asked') {
  if (!a.allowed) {
    const status = a.refusals.every((r) => r.code === 'not_your_slot') ? 409 : 422;
    return c.json(refusedBody(c, a.refusals), status);
  }
  return c.json(
    {
      allowed: true as const,
      as: a.as,
      member: { id: a.member.id, name: a.member.name },
      reservation: a.reservation?.id ?? null,
      until: iso(a.until),
      next: a.next ? { start: iso(a.next.start) } : null,
      grant: a.grant.id,
      gateway,
    },
    200,
  );
}

const refusedResponses = {
  409: json(RefusedSchema, 'Someone else holds the slot under way'),
  422: json(
    RefusedSchema,
    'A rule refuses it: training, membership, machine out of order, closed…',
  ),
};

export const machineAccess = (
  deps: RouteDeps<
    'gatewayCredentials' | 'jobs' | 'audit' | 'loginLimiter',
    'clock' | 'machines' | 'members' | 'access'
  >,
) =>
  router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/access',
        summary: 'Start the machine now: the slot’s holder, or a walk-in on a free machine',
        tags: ['machines'],
        ...roles('artisan', 'manager'),
        request: {
          params: z.object({ id: Id }),
          body: jsonBody(
            z.object({
              member: Id.optional().openapi({
                description: 'A manager starts it for this member; an artisan for themselves',
              }),
            }),
            {},
          ),
        },
        responses: {
          200: json(GrantedSchema, 'Allowed: the grant is recorded'),
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
          ...refusedResponses,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const a = actor(c);
        const { services } = deps;
        const machine = await services.machines.get(id);
        if (!machine || !onSite(a, machine.site))
          throw new ApiError('machine_not_found', `no machine "${id}"`);
        let member = a.id;
        if (isManager(a)) {
          if (!body.member)
            throw new ApiError('bad_request', 'a manager names the member who starts the machine');
          await requireMemberOfMySites(c, services.members, body.member);
          member = body.member;
        } else if (body.member !== undefined && body.member !== a.id)
          throw new ApiError('forbidden', 'an artisan starts a machine for themselves only');
        const decided = await services.access.decide(id, member, {
          kind: 'dashboard',
          holderOnly: !isManager(a),
        });
        return answer(c, decided, await tellGateway(deps, decided));
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/access/release',
        summary:
          '“J’ai fini”: end one’s running grant at the machine now (a manager: anyone’s there)',
        tags: ['machines'],
        ...roles('artisan', 'manager'),
        request: { params: z.object({ id: Id }) },
        responses: {
          200: json(
            z.object({
              released: z.object({ grant: z.string(), member: z.string(), at: z.string() }),
            }),
            'The grant ended now; the gateway is told to switch the machine off',
          ),
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
          409: json(
            z.object({ code: z.string(), message: z.string() }),
            'No grant of yours runs there',
          ),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const a = actor(c);
        const { services, jobs, gatewayCredentials } = deps;
        const machine = await services.machines.get(id);
        if (!machine || !onSite(a, machine.site))
          throw new ApiError('machine_not_found', `no machine "${id}"`);
        const released = await services.access.release(id, {
          member: a.role === 'artisan' ? a.id : null,
          manager: isManager(a),
        });
        if (!released) throw new ApiError('conflict', `no grant of yours runs on machine "${id}"`);
        // A manager cut someone else's use short: the person may ask who, and why their slot ended.
        if (a.role !== 'artisan')
          await audit(
            c,
            deps.audit,
            'access.release',
            `grant:${released.id}`,
            { member: released.member, machine: id },
            machine.site,
          );
        // `release`, not `lock`: the gateway switches off once the machine stops, and one that does
        // not know the command ignores it (the grant then runs to its end) rather than cutting a print.
        const served = (await gatewayCredentials.list(machine.site)).some(
          (g) => !g.revoked && g.machines.includes(id),
        );
        if (served && jobs?.publish) {
          const command: CommandMessage = {
            v: CONTRACT_VERSION,
            ts: services.clock(),
            command: 'release',
            until: released.until,
          };
          await jobs.publish(topics.machine(machine.site, id, 'command'), JSON.stringify(command));
        }
        return c.json(
          {
            released: { grant: released.id, member: released.member, at: iso(released.until) },
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/access/code',
        summary:
          'The machine’s gateway asks for a person’s PIN or badge code (HTTP Basic: gateway id, secret)',
        tags: ['machines'],
        ...roles('public'),
        request: {
          params: z.object({ id: Id }),
          body: jsonBody(z.object({ code: z.string().min(1).max(64) }), { code: '48213377' }),
        },
        responses: {
          200: json(GrantedSchema, 'Allowed: the grant is recorded'),
          400: errorResponses[400],
          401: errorResponses[401],
          403: errorResponses[403],
          404: errorResponses[404],
          429: errorResponses[429],
          ...refusedResponses,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { code } = c.req.valid('json');
        const { gatewayCredentials, services, loginLimiter } = deps;
        const login = basic(c.req.header('authorization'));
        const gateway = login && (await gatewayCredentials.verify(login.user, login.password));
        if (!login || !gateway)
          throw new ApiError('unauthorized', 'a gateway’s id and secret (HTTP Basic) are needed');
        const machine = await services.machines.get(id);
        // A gateway unlocks only the machines it speaks for, on its own site.
        if (!machine || machine.site !== gateway.site || !gateway.machines.includes(id))
          throw new ApiError('forbidden', `gateway "${login.user}" does not serve machine "${id}"`);
        // A person's own right code must not wipe the wrong ones before it (4 guesses and their
        // own code, again and again, would find someone else's): failures only age out.
        const attempt = loginLimiter?.begin(`access-code|${login.user}`, undefined, {
          keep: { forgetAfterMs: CODE_FAILURES_KEPT_MS },
        });
        if (attempt?.wait)
          throw new ApiError(
            'too_many_requests',
            lang(c) === 'fr'
              ? `Trop de codes faux : réessayez dans ${Math.ceil(attempt.wait / 1000)} s.`
              : `Too many wrong codes: try again in ${Math.ceil(attempt.wait / 1000)} s.`,
          );
        const member = await services.access.memberByCode(code);
        attempt?.done(member !== undefined);
        if (member === undefined)
          return c.json(refusedBody(c, [{ code: 'access_code_unknown' }]), 422);
        const decided = await services.access.decide(id, member, {
          kind: 'gateway',
          gateway: login.user,
        });
        return answer(c, decided, 'asked');
      },
    );
