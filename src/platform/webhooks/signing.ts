import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), through the `standardwebhooks`
 * package: a secret is `whsec_` and 32 random bytes in base64; each attempt is signed over
 * `{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256, so a receiver checks it with
 * any Standard Webhooks library and refuses a replay of an old timestamp.
 */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The headers of one attempt: the message id stays the same across attempts, the timestamp and signature are new. */
export function signedHeaders(secret: string, messageId: string, body: string, now = new Date()): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, now, body);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/** The message id partners see: stable for a delivery, so they can drop one they already have. */
export const messageId = (deliveryId: string) => `msg_${deliveryId.replace(/-/g, '')}`;
