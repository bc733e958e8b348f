import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformContext } from '../../../../platform/block.js';
import { keyRingOf } from '../../../../platform/crypto/key-ring.js';
import { councilBaseUrl } from '../../../../platform/http/public-origin.js';
import { CSRF_FIELD, csrfToken } from '../../../../platform/web/csrf.js';
import { sealKeyFrom } from '../../log/seal.js';
import { checkReceipt, publicJwk, type ConsentReceipt, type ReceiptCheck } from '../../receipt.js';
import { sealKeysOf } from '../../sql/resident-log.js';
import { bodyOf, page, str, ukDateText } from './common.js';
import { inCouncil } from '../../sql/scope.js';

/**
 * Checking a consent receipt, for anyone: the council's public keys at a stable address (a JWK
 * set), and a page that explains how to check a receipt and checks one pasted into it.
 *
 * A receipt carries the public key it was signed with, so its signature alone shows only that
 * it was not changed since someone signed it; it is the council's only if that key is one the
 * council publishes. The keys published are the current one (derived from the key ring's
 * current key, as every receipt and seal is signed) and every key the council's log seals were
 * signed with, so a receipt signed before a key rotation still checks.
 */

const PUBLIC = page('public');
/** The longest receipt the page takes (a receipt is a few kilobytes). */
const MAX_RECEIPT = 32 * 1024;

export function registerReceiptPages(app: FastifyInstance, ctx: PlatformContext): void {
  async function councilKeys(councilId: string): Promise<Array<{ id: string; publicKey: Buffer }>> {
    const current = sealKeyFrom(keyRingOf(ctx.db));
    const keys = [{ id: current.id, publicKey: current.publicKey }];
    for (const k of await inCouncil(ctx.db, councilId, (tx) => sealKeysOf(tx, councilId))) {
      const publicKey = Buffer.from(k.public_key);
      if (!keys.some((known) => known.publicKey.equals(publicKey))) keys.push({ id: k.key_id, publicKey });
    }
    return keys;
  }

  app.get('/vault/receipt-key', { config: { access: 'public' } }, async (request, reply) => {
    const keys = await councilKeys(request.council.id);
    return reply
      .type('application/jwk-set+json')
      .header('cache-control', 'public, max-age=300')
      .send({ keys: keys.map(publicJwk) });
  });

  function render(request: FastifyRequest, reply: FastifyReply, pasted: string, result?: { check: ReceiptCheck; receipt?: ConsentReceipt }, error?: string) {
    const { t } = request;
    const receipt = result?.check === 'valid' ? result.receipt : undefined;
    const processing = receipt?.processing[0];
    return reply.page('vault-receipt-verify.njk', {
      title: t('vault.receipt.verify.title'),
      errors: error ? [{ text: error, href: '#receipt' }] : [],
      error,
      pasted,
      result: result && {
        check: result.check,
        heading: t(`vault.receipt.result.${result.check}.title`),
        body: t(`vault.receipt.result.${result.check}.body`),
      },
      rows: processing && [
        { key: { text: t('vault.receipt.field.record') }, value: { text: receipt.record_id } },
        { key: { text: t('vault.receipt.field.controller') }, value: { text: receipt.pii_controllers.map((c) => c.name).join(', ') } },
        { key: { text: t('vault.receipt.field.recipients') }, value: { text: processing.recipients.map((r) => r.name).join(', ') } },
        { key: { text: t('vault.receipt.field.categories') }, value: { text: processing.pii_categories.join(', ') } },
        { key: { text: t('vault.receipt.field.operations') }, value: { text: processing.processing_operations.join(', ') } },
        { key: { text: t('vault.receipt.field.purpose') }, value: { text: processing.purposes.join('; ') } },
        { key: { text: t('vault.receipt.field.lawful_basis') }, value: { text: processing.lawful_basis } },
        { key: { text: t('vault.receipt.field.valid_until') }, value: { text: dateOrAsGiven(request, processing.valid_until) } },
        { key: { text: t('vault.receipt.field.status') }, value: { text: receipt.consent_status } },
        { key: { text: t('vault.receipt.field.issued') }, value: { text: dateOrAsGiven(request, receipt.issued_at) } },
      ],
      keyHref: `${councilBaseUrl(ctx.config, request)}/vault/receipt-key`,
      formAction: `${request.basePath}/vault/receipts/verify`,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(request, reply),
    });
  }

  app.get('/vault/receipts/verify', PUBLIC, async (request, reply) => render(request, reply, ''));

  app.post('/vault/receipts/verify', { config: { html: true, access: 'public', rateLimit: { bucket: 'vault-receipt-verify', max: 60, windowSeconds: 60 } } }, async (request, reply) => {
    const { t } = request;
    const pasted = str(bodyOf(request).receipt).trim();
    if (!pasted) return render(request, reply.code(400), pasted, undefined, t('vault.receipt.error.missing'));
    if (pasted.length > MAX_RECEIPT) return render(request, reply.code(400), '', undefined, t('vault.receipt.error.long', { max: String(MAX_RECEIPT / 1024) }));
    let value: unknown;
    try {
      value = JSON.parse(pasted);
    } catch {
      return render(request, reply.code(400), pasted, undefined, t('vault.receipt.error.json'));
    }
    const check = checkReceipt(value, await councilKeys(request.council.id));
    return render(request, reply, pasted, { check, receipt: check === 'valid' ? (value as ConsentReceipt) : undefined });
  });

  // The same check for a program: the receipt as the JSON body, the finding as JSON. It takes no
  // cookies and changes nothing, so it needs no CSRF token; bad JSON is a problem+json 400.
  const twin = app.prefix.startsWith('/c/');
  app.post(
    '/api/vault/receipts/verify',
    {
      config: { access: 'public', rateLimit: { bucket: 'vault-receipt-verify', max: 60, windowSeconds: 60 } } as object,
      bodyLimit: MAX_RECEIPT,
      schema: {
        summary: 'Check a consent receipt: was it issued by this council, unchanged?',
        description:
          'The body is the receipt as downloaded. `valid`: signed by one of the keys at /vault/receipt-key and unchanged; `unknown_key`: its signature holds but with a key this council does not publish; `changed`: not as signed; `not_a_receipt`: no signed receipt at all.',
        tags: ['Vault'],
        body: { type: 'object' },
        response: {
          200: {
            type: 'object',
            required: ['result', 'valid'],
            properties: { result: { type: 'string', enum: ['valid', 'unknown_key', 'changed', 'not_a_receipt'] }, valid: { type: 'boolean' } },
          },
        },
        ...(twin ? { hide: true } : {}),
      },
    },
    async (request) => {
      const result = checkReceipt(request.body, await councilKeys(request.council.id));
      return { result, valid: result === 'valid' };
    },
  );
}

/** A date from a receipt as a UK date, or as written when it is not one. */
function dateOrAsGiven(request: FastifyRequest, value: unknown): string {
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : ukDateText(request, date);
}
