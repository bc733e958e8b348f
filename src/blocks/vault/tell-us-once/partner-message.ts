import type { Config } from '../../../platform/config.js';
import type { Council } from '../../../platform/councils.js';
import { councilAddress } from '../../../platform/http/public-origin.js';
import type { NoticeRow } from '../sql/notices.js';

/**
 * What a partner system's webhook says of a change: that it happened, to whom, in which
 * category, when and under which grant — never the values. The partner reads those at the
 * address given, through the access gateway (so the read is checked against its grant and
 * logged for the resident), and acknowledges the notice at the other.
 */

/** The body's `type` (not an outbox event type: no block publishes it, so no endpoint is sent it by the fan-out). */
export const NOTICE_MESSAGE_TYPE = 'vault.notice';

export function noticeMessageData(config: Pick<Config, 'publicUrl' | 'production' | 'port'>, council: Pick<Council, 'hosts' | 'slug'>, notices: NoticeRow[]): Record<string, unknown> {
  const base = councilAddress(config, council);
  const first = notices[0];
  const categories = [...new Set(notices.map((n) => n.category))];
  return {
    resident_id: first.resident_id,
    categories,
    changed_at: first.changed_at.toISOString(),
    // A resident rarely grants one partner system twice; when they have, each grant's notice is named.
    notices: notices.map((n) => ({
      id: n.id,
      grant_id: n.grant_id,
      acknowledge_url: `${base}/api/vault/notices/${n.id}/acknowledge`,
    })),
    fetch_url: `${base}/api/vault/residents/${first.resident_id}/record?categories=${categories.join(',')}`,
  };
}
