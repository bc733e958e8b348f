import type { Translate } from '../../../platform/web/i18n.js';
import type { AuditRow } from '../sql/audit.js';

/** What a sentence needs beyond the row: names of the organisations roles are scoped to. */
export interface SentenceNames {
  organisations: Map<string, string>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Who did it, as people say it: their name, else their address, a partner system, or the command line. */
export function actorOf(t: Translate, row: Pick<AuditRow, 'actor_name' | 'actor_email' | 'actor_client_id' | 'user_agent'>): string {
  if (row.actor_name) return row.actor_name;
  if (row.actor_email) return row.actor_email;
  if (row.actor_client_id) return t('identity.audit.actor.partner', { client: row.actor_client_id });
  if (row.user_agent === 'hearth command line') return t('identity.audit.actor.command_line');
  return t('identity.audit.actor.someone');
}

function roleOf(t: Translate, detail: Record<string, unknown>, names: SentenceNames): { role: string; scope: string } {
  const code = text(detail.role);
  const key = `identity.role.${code}`;
  const role = t(key) === key ? code : t(key);
  const scope = text(detail.scope);
  return { role, scope: names.organisations.get(scope.toLowerCase()) ?? scope };
}

/**
 * Each action's sentence: the message key (under `identity.audit.sentence.`) and its values.
 * Every action a `recordAudit` call writes has one; `detail` is read defensively, as older rows
 * may lack a field.
 */
const SENTENCES: Record<string, (row: AuditRow, t: Translate, names: SentenceNames) => [string, Record<string, string>]> = {
  // `through`: a staff sign-in through another council's pages is in this council's log too.
  'session.started': (row) => {
    const how = text(row.detail.method) === 'oidc' ? 'oidc' : 'email';
    const through = text(row.detail.through);
    return [`session.started.${how}${through ? '_through' : ''}${row.ip ? '_from' : ''}`, { ip: row.ip ?? '', through }];
  },
  'role.granted': (row, t, names) => {
    const { role, scope } = roleOf(t, row.detail, names);
    return [scope ? 'role.granted_scoped' : 'role.granted', { role, scope }];
  },
  'role.revoked': (row, t, names) => {
    const { role, scope } = roleOf(t, row.detail, names);
    return [scope ? 'role.revoked_scoped' : 'role.revoked', { role, scope }];
  },
  'person.disabled': () => ['person.disabled', {}],
  'person.enabled': () => ['person.enabled', {}],
  'platform_admin.granted': () => ['platform_admin.granted', {}],
  'platform_admin.revoked': () => ['platform_admin.revoked', {}],
  'partner_client.registered': (row) => ['partner_client.registered', { name: text(row.detail.name) || text(row.detail.client_id) }],
  'partner_client.disabled': (row) => ['partner_client.disabled', { name: text(row.detail.name) || text(row.detail.client_id) }],
  'partner_client.secret_rotated': (row) => ['partner_client.secret_rotated', { name: text(row.detail.name) || text(row.detail.client_id) }],
  'partner_signing_key.rotated': () => ['partner_signing_key.rotated', {}],
  'directory.crisis_help.saved': (row, t) => ['directory.crisis_help.saved', { language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.crisis_help.reset': (row, t) => ['directory.crisis_help.reset', { language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  // The directory's editing and approval (its messages are in the directory's changes catalogue).
  'directory.change.proposed': (row) => [`directory.change.proposed.${text(row.detail.kind) === 'organization' ? 'organization' : 'service'}`, {}],
  'directory.change.published': (row) => ['directory.change.published', { version: text(row.detail.version) }],
  'directory.change.approved': (row) => ['directory.change.approved', { editor: text(row.detail.editor), version: text(row.detail.version) }],
  'directory.change.rejected': (row) => ['directory.change.rejected', { editor: text(row.detail.editor), reason: text(row.detail.reason) }],
  'directory.change.withdrawn': () => ['directory.change.withdrawn', {}],
  'directory.listing.reverted': (row) => ['directory.listing.reverted', { version: text(row.detail.toVersion) }],
  'directory.organisation.trusted': () => ['directory.organisation.trusted', {}],
  'directory.organisation.untrusted': () => ['directory.organisation.untrusted', {}],
  'directory.editor.invited': (row) => ['directory.editor.invited', { organisation: text(row.detail.organisation) }],
  'directory.listing_request.accepted': (row) => ['directory.listing_request.accepted', { contact: text(row.detail.contact) }],
  'directory.listing_request.declined': (row) => ['directory.listing_request.declined', { reason: text(row.detail.reason) }],
  'directory.feed.added': (row) => ['directory.feed.added', { url: text(row.detail.url) }],
  'directory.feed.paused': () => ['directory.feed.paused', {}],
  'directory.feed.resumed': () => ['directory.feed.resumed', {}],
  'directory.feed.removed': (row) => ['directory.feed.removed', { count: text(row.detail.servicesRemoved) || '0' }],
  'directory.feed.pull_requested': () => ['directory.feed.pull_requested', {}],
  'directory.feed.match_split': () => ['directory.feed.match_split', {}],
  'directory.thesaurus.added': (row, t) => ['directory.thesaurus.added', { entry: text(row.detail.entry), language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.thesaurus.changed': (row, t) => ['directory.thesaurus.changed', { entry: text(row.detail.entry), language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.thesaurus.removed': (row, t) => ['directory.thesaurus.removed', { entry: text(row.detail.entry), language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.thesaurus.reset': (row, t) => ['directory.thesaurus.reset', { entry: text(row.detail.entry), language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.thesaurus.imported': (row, t) => ['directory.thesaurus.imported', { count: text(row.detail.entries), language: t(`identity.audit.language.${text(row.detail.locale)}`) }],
  'directory.service.assured': (row) => ['directory.service.assured', { service: text(row.detail.service), organisation: text(row.detail.organisation) }],
  'directory.service.closed_as_planned': (row) => ['directory.service.closed_as_planned', { service: text(row.detail.service), version: text(row.detail.version) }],
  'directory.service.reopened_as_planned': (row) => ['directory.service.reopened_as_planned', { service: text(row.detail.service), version: text(row.detail.version) }],
  'directory.report.updated': (row, t) => ['directory.report.updated', { status: t(`identity.audit.report_status.${text(row.detail.to)}`) }],
  'directory.csv.imported': (row) => ['directory.csv.imported', { total: text(row.detail.total), created: text(row.detail.created), updated: text(row.detail.updated) }],
  // The vault's teams residents can give access to.
  'vault.team.added': (row) => ['vault.team.added', { name: text(row.detail.name) }],
  'vault.team.changed': (row) => ['vault.team.changed', { name: text(row.detail.name) }],
  'vault.team.retired': () => ['vault.team.retired', {}],
  'vault.team.restored': () => ['vault.team.restored', {}],
  // The categories of residents' records (a council's own circumstances).
  'vault.category.added': (row) => [text(row.detail.sensitivity) === 'sensitive' ? 'vault.category.added_sensitive' : 'vault.category.added', { name: text(row.detail.name_en) || (row.target ?? '') }],
  'vault.category.retired': () => ['vault.category.retired', {}],
  'vault.category.restored': () => ['vault.category.restored', {}],
  // The vault's statutory bases (its messages are in the vault's staff catalogue).
  ...Object.fromEntries(
    (['recorded', 'approved', 'declined', 'ended'] as const).map((step) => [
      `vault.basis.${step}`,
      (row: AuditRow): [string, Record<string, string>] => [
        step === 'recorded' && row.detail.awaiting_approval === true ? 'vault.basis.recorded_awaiting' : `vault.basis.${step}`,
        { team: text(row.detail.team), legal_basis: text(row.detail.legal_basis), categories: Array.isArray(row.detail.categories) ? row.detail.categories.map(text).join(', ') : '' },
      ],
    ]),
  ),
  // The vault's legal appointments of advocates (a lasting power of attorney, a deputyship).
  ...Object.fromEntries(
    (['recorded', 'approved', 'declined', 'ended'] as const).map((step) => [
      `vault.advocate.${step}`,
      (row: AuditRow): [string, Record<string, string>] => [
        `vault.advocate.${step}`,
        { team: text(row.detail.team), advocate: text(row.detail.advocate), relationship: text(row.detail.relationship), evidence_ref: text(row.detail.evidence_ref) },
      ],
    ]),
  ),
  'council.updated': (row, t) => {
    const changed = Array.isArray(row.detail.changed) ? row.detail.changed.map(text).filter(Boolean) : [];
    const field = (f: string) => (COUNCIL_FIELDS.includes(f) ? t(`identity.audit.council_field.${f}`) : f);
    return [changed.length ? 'council.updated' : 'council.updated_nothing', { fields: changed.map(field).join(', ') }];
  },
};

/** The council details `council.updated` names (the platform's CouncilChanges). */
const COUNCIL_FIELDS = ['name', 'colourPrimary', 'fontFamily', 'logoUrl', 'contactEmail', 'contactPhone', 'contactUrl', 'address', 'licenceText', 'licenceUrl', 'hosts'];

/** The actions that have a sentence of their own (the rest get the general one). */
export const ACTIONS_WITH_SENTENCES = Object.keys(SENTENCES);

/**
 * An audit entry as a sentence in the reader's language: "Jo Bloggs gave sam@example.org the
 * role Directory manager". An action without a sentence of its own still reads as one, naming
 * the action's code.
 */
export function auditSentence(t: Translate, row: AuditRow, names: SentenceNames = { organisations: new Map() }): string {
  const actor = actorOf(t, row);
  const target = row.target ?? '';
  const sentence = SENTENCES[row.action];
  if (sentence) {
    const [key, values] = sentence({ ...row, detail: row.detail ?? {} }, t, names);
    return t(`identity.audit.sentence.${key}`, { actor, target, ...values });
  }
  return t(target ? 'identity.audit.sentence.other' : 'identity.audit.sentence.other_no_target', { actor, action: row.action, target });
}
