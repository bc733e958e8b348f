import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../platform/block.js';
import type { PartnerPrincipal } from '../../../platform/http/access.js';
import { badRequest, HttpProblem } from '../../../platform/http/problem.js';
import { partnerSystemOf } from '../../identity/index.js';
import { categoriesOf, type Category } from '../categories.js';
import { AccessRefused, readWithAccess, withResidentAccess, type VaultActor } from '../gateway.js';
import type { RecordItem } from '../record.js';
import { sameValues } from '../same-values.js';
import { liveGrants } from '../sql/grants.js';
import { checkValues, maxValues, VALUE_SCHEMAS } from './values-schema.js';
import { inCouncil } from '../sql/scope.js';

/**
 * The vault's partner API: a partner system (OAuth client credentials) reads the categories a
 * resident granted it, and changes one under a read-and-update grant — limited by both its own
 * scopes (`vault.read`, `vault.write`) and the resident's grants, every access through the
 * gateway (so logged, once, in its transaction; a refusal reads and logs nothing).
 *
 * Which answer for which refusal. A resident the partner holds no live grant from — unknown,
 * another council's, or one who never granted, or paused, withdrew or let the grant expire — is
 * 404 "no resident you may see", the same words for all of them: a 403 for "exists but not
 * yours" beside a 404 for "no such person" would let any partner test whether an id is a
 * resident here. A partner holding a live grant from the resident already knows of them, so
 * asking beyond it (a category it does not cover, a change under a read-only grant) is 403,
 * saying what is missing. So is a token without the scope (refused before any resident is
 * looked at).
 *
 * Sent twice, a change applies once: PUT is compare-and-set. Values equal to those held are
 * not written again (no new version, no "tell us once" event), and `If-Match` with the
 * category's `etag` refuses (412) a change made against values that have changed since.
 */

const TAGS = ['Vault'];
const UUID = { type: 'string', format: 'uuid', description: "The resident's id (as in their grant's consent receipt)." } as const;
const CODE = '^[a-z][a-z0-9_]{0,39}$';
const CODES = `^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39}){0,19}$`;

const ItemSchema = {
  type: 'object',
  required: ['value', 'recorded_at', 'source'],
  properties: {
    value: { description: "The value, in the category's shape (see PUT)." },
    recorded_at: { type: 'string', format: 'date-time' },
    source: { type: 'string', enum: ['resident', 'advocate', 'staff', 'partner'], description: 'Who gave it.' },
  },
} as const;

const CategorySchema = {
  type: 'object',
  required: ['etag', 'values'],
  properties: {
    etag: { type: 'string', description: 'Changes whenever the values change: send it back in If-Match to change them only if they have not.' },
    values: { type: 'array', items: ItemSchema },
  },
} as const;

const RecordSchema = {
  type: 'object',
  required: ['resident', 'categories'],
  properties: {
    resident: { type: 'string', format: 'uuid' },
    categories: { type: 'object', additionalProperties: CategorySchema, description: 'Each category asked for, by its code.' },
  },
} as const;

const ChangedSchema = {
  type: 'object',
  required: ['resident', 'category', 'changed', 'etag', 'values'],
  properties: {
    resident: { type: 'string', format: 'uuid' },
    category: { type: 'string' },
    changed: { type: 'boolean', description: 'false when the values sent were those held already (nothing was written).' },
    etag: { type: 'string' },
    values: { type: 'array', items: ItemSchema },
  },
} as const;

const shapes = Object.entries(VALUE_SCHEMAS)
  .map(([kind, schema]) => `- **${kind}**: ${String(schema.description)} \`${JSON.stringify((schema as { properties: unknown }).properties)}\``)
  .join('\n');

/** A category's etag: its current items (each change makes new ones). */
export function etagOf(items: RecordItem[]): string {
  const ids = items.map((i) => i.id).sort().join(',');
  return `"${createHash('sha256').update(ids).digest('base64url').slice(0, 22)}"`;
}

const itemJson = (i: RecordItem) => ({ value: i.value, recorded_at: i.recordedAt.toISOString(), source: i.source.kind });

/** RFC 7396 JSON merge patch: `null` removes a member; an object merges; anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

class PreconditionFailed extends Error {}

const notYours = () => new HttpProblem(404, 'Not found', 'There is no resident you may see with this id.');

export function registerRecordApi(app: FastifyInstance, ctx: PlatformContext): void {
  const twin = app.prefix.startsWith('/c/');
  const hidden = twin ? { hide: true } : {};
  // PATCH takes a JSON merge patch (RFC 7396), a JSON document by another name.
  if (!app.hasContentTypeParser('application/merge-patch+json')) {
    app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    });
  }

  // A partner's name, as its log entries give it: asked of the database at most every ten seconds
  // per partner (a rename shows within that; a disabled partner's token is refused before this).
  const names = new Map<string, { name: string; at: number }>();
  async function actorOf(request: FastifyRequest): Promise<VaultActor & { kind: 'partner' }> {
    const principal = request.principal as PartnerPrincipal;
    const key = `${request.council.id}:${principal.clientId}`;
    let known = names.get(key);
    if (!known || Date.now() - known.at > 10_000) {
      const system = await partnerSystemOf(ctx.db, request.council.id, principal.clientId);
      known = { name: system?.name ?? principal.clientId, at: Date.now() };
      if (names.size > 1000) names.clear();
      names.set(key, known);
    }
    return { kind: 'partner', clientId: principal.clientId, name: known.name, scopes: principal.scopes };
  }

  /** The council's categories named, or a 400 naming the unknown one. */
  async function categoriesNamed(request: FastifyRequest, codes: string[], field: string): Promise<Category[]> {
    const all = await categoriesOf(ctx.db, request.council.id);
    const unknown = codes.filter((c) => !all.some((k) => k.code === c));
    if (unknown.length) throw badRequest([{ name: field, reason: `the council holds no category ${unknown.join(', ')}` }]);
    return codes.map((c) => all.find((k) => k.code === c)!);
  }

  /** A refusal as the answer it should be (see the comment at the top). */
  async function refusal(error: unknown, request: FastifyRequest, actor: VaultActor & { kind: 'partner' }, residentId: string, asked: string): Promise<never> {
    if (!(error instanceof AccessRefused)) throw error;
    request.log.info({ resident: residentId, client: actor.clientId, reason: error.reason }, 'vault access refused');
    if (error.reason === 'scope') throw new HttpProblem(403, 'Forbidden', error.message);
    const grants = await inCouncil(ctx.db, request.council.id, (tx) => liveGrants(tx, request.council.id, residentId, 'partner', actor.clientId, new Date()));
    if (!grants.length) throw notYours();
    throw new HttpProblem(403, 'Forbidden', `The resident's grant to this partner system does not allow ${asked}.`);
  }

  app.get<{ Params: { residentId: string }; Querystring: { categories: string } }>(
    '/api/vault/residents/:residentId/record',
    {
      config: { access: { partnerScope: 'vault.read' } },
      schema: {
        summary: "Read the categories of a resident's record that they granted this partner system (needs vault.read)",
        description:
          'Every category asked for must be covered by one live grant from the resident to this partner system. Each read is written to the ' +
          "resident's access log, which they see. A resident who has not granted this partner system anything live (or no such resident) is 404, " +
          'the same answer for both; a category beyond the grant is 403.',
        tags: TAGS,
        params: { type: 'object', required: ['residentId'], properties: { residentId: UUID } },
        querystring: {
          type: 'object',
          required: ['categories'],
          additionalProperties: false,
          properties: { categories: { type: 'string', pattern: CODES, description: 'The categories to read, by code, comma-separated: `address,household`.' } },
        },
        response: { 200: RecordSchema },
        ...hidden,
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const codes = [...new Set(request.query.categories.split(','))];
      await categoriesNamed(request, codes, 'categories');
      const actor = await actorOf(request);
      const { residentId } = request.params;
      const items = await readWithAccess(ctx.db, { councilId: request.council.id, actor, residentId, categories: codes, action: 'read' }).catch((error) =>
        refusal(error, request, actor, residentId, `reading ${codes.join(', ')}`),
      );
      const categories = Object.fromEntries(
        codes.map((code) => {
          const held = items.filter((i) => i.category === code);
          return [code, { etag: etagOf(held), values: held.map(itemJson) }];
        }),
      );
      return { resident: residentId, categories };
    },
  );

  /** Change one category to `values` (compare-and-set): what is held after, and whether it changed. */
  async function change(request: FastifyRequest, reply: FastifyReply, category: Category, residentId: string, valuesOf: (current: RecordItem[]) => unknown[]) {
    reply.header('cache-control', 'no-store');
    const actor = await actorOf(request);
    const ifMatch = request.headers['if-match'];
    const result = await withResidentAccess(ctx.db, { councilId: request.council.id, actor, residentId, categories: [category.code], action: 'update' }, async (access) => {
      const current = await access.read();
      // Thrown inside the access: its transaction is rolled back, so nothing is written or logged.
      if (typeof ifMatch === 'string' && ifMatch.trim() !== '*' && ifMatch.trim() !== etagOf(current)) throw new PreconditionFailed();
      const checked = checkValues(category.kind, valuesOf(current));
      if ('problems' in checked) throw badRequest(checked.problems);
      if (sameValues(current.map((i) => i.value), checked.values)) return { changed: false, items: current };
      await access.write(category.code, checked.values);
      return { changed: true, items: await access.read() };
    }).catch((error) => {
      if (error instanceof PreconditionFailed) throw new HttpProblem(412, 'Precondition failed', `The ${category.code} values have changed since the etag sent in If-Match: read them again.`);
      return refusal(error, request, actor, residentId, `changing ${category.code}`);
    });
    reply.header('etag', etagOf(result.items));
    return { resident: residentId, category: category.code, changed: result.changed, etag: etagOf(result.items), values: result.items.map(itemJson) };
  }

  const changeParams = {
    type: 'object',
    required: ['residentId', 'category'],
    properties: { residentId: UUID, category: { type: 'string', pattern: CODE, description: 'The category to change, by code.' } },
  };
  const ifMatchHeader = { type: 'object', properties: { 'if-match': { type: 'string', description: "The category's etag as read: the change is made only if the values are still those (else 412)." } } };

  app.put<{ Params: { residentId: string; category: string }; Body: { values: unknown[] } }>(
    '/api/vault/residents/:residentId/record/:category',
    {
      config: { access: { partnerScope: 'vault.write' } },
      schema: {
        summary: "Replace one category's values in a resident's record (needs vault.write and a read-and-update grant)",
        description:
          'The values replace those held (kept as history, shown to the resident with this partner system as their source) and reach every other team ' +
          'and partner whose grant covers the category. Sent again with the same values, nothing changes (`changed: false`). With `If-Match`, ' +
          "the change is made only if the category's etag is still the one sent, else 412. Each category's value has its shape:\n" +
          shapes,
        tags: TAGS,
        params: changeParams,
        headers: ifMatchHeader,
        body: {
          type: 'object',
          required: ['values'],
          additionalProperties: false,
          properties: { values: { type: 'array', maxItems: 30, items: { type: 'object' }, description: "The category's values, in its shape (one value, or one per person for household)." } },
        },
        response: { 200: ChangedSchema },
        ...hidden,
      },
    },
    async (request, reply) => {
      const [category] = await categoriesNamed(request, [request.params.category], 'category');
      if (category.retired) throw badRequest([{ name: 'category', reason: 'is retired: it takes no new values' }]);
      return change(request, reply, category, request.params.residentId, () => request.body.values);
    },
  );

  app.patch<{ Params: { residentId: string; category: string }; Body: Record<string, unknown> }>(
    '/api/vault/residents/:residentId/record/:category',
    {
      config: { access: { partnerScope: 'vault.write' } },
      schema: {
        summary: "Change part of one category's value (JSON merge patch; needs vault.write and a read-and-update grant)",
        description:
          'A JSON merge patch (RFC 7396; `application/merge-patch+json` or `application/json`) of the value held: members sent replace those held, `null` removes one. ' +
          'For categories that hold one value (not household, which is changed with PUT). The result must have the shape PUT takes. Idempotent, and `If-Match` is honoured, as for PUT.',
        tags: TAGS,
        params: changeParams,
        headers: ifMatchHeader,
        body: { type: 'object', description: 'The members to change.' },
        response: { 200: ChangedSchema },
        ...hidden,
      },
    },
    async (request, reply) => {
      const [category] = await categoriesNamed(request, [request.params.category], 'category');
      if (category.retired) throw badRequest([{ name: 'category', reason: 'is retired: it takes no new values' }]);
      if (maxValues(category.kind) !== 1) throw badRequest([{ name: 'category', reason: 'holds a value per person: replace them with PUT' }]);
      return change(request, reply, category, request.params.residentId, (current) => [mergePatch(current[0]?.value ?? {}, request.body)]);
    },
  );
}
