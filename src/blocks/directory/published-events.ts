/**
 * The directory's events partners may receive by webhook: changes to listings, which the
 * directory publishes as open data anyway. Everything else it writes to the outbox stays inside
 * Hearth: `directory.search.unmet` (what residents searched for and did not find: insight for
 * the council, counted by the insight block) and `directory.feedback.received` / `.updated`
 * (residents' "this is out of date" reports and their handling).
 */
export const DIRECTORY_PUBLISHED_EVENTS = [
  'directory.service.created',
  'directory.service.updated',
  'directory.service.ended',
  'directory.service.deleted',
  'directory.service.assured',
  'directory.organization.created',
  'directory.organization.updated',
] as const;
