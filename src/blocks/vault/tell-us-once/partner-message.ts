import type { Config } from '../../../platform/config.js';
import type { Council } from '../../../platform/councils.js';
import { councilAddress } from '../../../platform/http/public-origin.js';

/**
 * What a partner system's webhook says of a change: that it happened, to whom, in which
 * category, when and under which grant — never the values. The partner reads those at the
 * address given, through the access gateway (so the read is checked against its grant and
 * logged for the resident), and acknowledges the notice at the other.
 */

/** The body's `type` (not an outbox event type: no block publishes it, so no endpoint is sent it by the fan-out). */
export const NOTICE_MESSAGE_TYPE = 'vault.notice';

export interface NoticeMessage {
  residentId: string;
  categories: string[];
  changedAt: Date;
  notices: { id: string; grantId: string }[];
}

export function noticeMessageData(config: Pick<Config, 'publicUrl' | 'production' | 'port'>, council: Pick<Council, 'hosts' | 'slug'>, message: NoticeMessage): Record<string, unknown> {
  const base = councilAddress(config, council);
  return {
    resident_id: message.residentId,
    categories: message.categories,
    changed_at: message.changedAt.toISOString(),
    // A resident rarely grants one partner system twice; when they have, each grant's notice is named.
    notices: message.notices.map((n) => ({ id: n.id, grant_id: n.grantId, acknowledge_url: `${base}/api/vault/notices/${n.id}/acknowledge` })),
    fetch_url: `${base}/api/vault/residents/${message.residentId}/record?categories=${message.categories.join(',')}`,
  };
}

/**
 * The body's `type` of an erasure notice: the resident erased these categories, and the grant
 * that gave them to this partner has ended; delete what you hold of them. No `fetch_url`: there
 * is nothing to read. A type of its own, so a receiver that knows only `vault.notice` does not
 * take it for a change and fetch.
 */
export const ERASURE_MESSAGE_TYPE = 'vault.erasure';

export interface ErasureMessage {
  residentId: string;
  erasedAt: Date;
  notices: { id: string; grantId: string; categories: string[] }[];
}

export function erasureMessageData(config: Pick<Config, 'publicUrl' | 'production' | 'port'>, council: Pick<Council, 'hosts' | 'slug'>, message: ErasureMessage): Record<string, unknown> {
  const base = councilAddress(config, council);
  return {
    resident_id: message.residentId,
    // Every erased category any of this partner's grants covered; each notice names its grant's.
    categories: [...new Set(message.notices.flatMap((n) => n.categories))].sort(),
    erased_at: message.erasedAt.toISOString(),
    notices: message.notices.map((n) => ({ id: n.id, grant_id: n.grantId, categories: n.categories, acknowledge_url: `${base}/api/vault/notices/${n.id}/acknowledge` })),
  };
}
