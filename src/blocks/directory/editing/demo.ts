import type { PlatformContext } from '../../../platform/block.js';
import type { Queryable } from '../../../platform/db/db.js';
import { platformBaseUrl } from '../../../platform/http/public-origin.js';
import type { Organization, Service } from '../oruk/schemas.js';
import { demoServiceIds } from '../sql/listings.js';
import { getFullServices } from '../sql/oruk-read.js';
import { proposeChange, workingCopy, type Editor } from './changes.js';
import { approveChange } from './decisions.js';
import { askToBeListed } from './listing-requests.js';

/**
 * Demo data for the approval workflow, so a manager signing in to the demo sees it at once: a
 * few changes waiting (new opening times, a price, a description and a phone number, a new
 * service, an organisation's details), one organisation whose service has a history of
 * approved changes, and a request to be listed. Proposed through the same functions as the
 * editors' forms. Deterministic: the demo directory is.
 */
export async function seedDemoChanges(ctx: PlatformContext, councilId: string): Promise<void> {
  const candidates = await demoServices(ctx.db, councilId);
  // Each change on a different organisation's service, so each is its own line of the queue's filter.
  const byOrganisation = new Map<string, Service>();
  for (const s of candidates) if (s.organization && !byOrganisation.has(s.organization.id)) byOrganisation.set(s.organization.id, s);
  const services = [...byOrganisation.values()];
  if (services.length < 6) return;
  const editorOf = (s: Service): Editor => ({ personId: null, email: `editor@${slug(s.organization!.name)}.example`, language: 'en' });
  const propose = async (s: Service, edit: (copy: Service) => void, note: string) => {
    const working = await workingCopy(ctx.db, councilId, 'service', s.id);
    if (!working) return undefined;
    const document = JSON.parse(JSON.stringify(working.document)) as Service;
    edit(document);
    const result = await proposeChange(ctx, { councilId, organisationId: s.organization!.id, kind: 'service', id: s.id, isNew: false, document, editor: editorOf(s), note });
    return 'changeId' in result ? result.changeId : undefined;
  };
  const laterClose = (time: string | undefined) => (time && /^(\d{2}):/.test(time) ? `${String(Math.min(23, Number(time.slice(0, 2)) + 1)).padStart(2, '0')}${time.slice(2)}` : '17:00:00');

  // One organisation with a history: two approved changes to one of its services.
  const manager = { personId: null, email: 'demo-manager@hearth.example' };
  const letterhead = { councilName: 'the council', baseUrl: platformBaseUrl(ctx.config) };
  const [withHistory, times, price, details, newService, organisation] = services;
  const first = await propose(withHistory, (d) => (d.description = `${d.description ?? ''}\n\nPlease arrive ten minutes early on your first visit.`.trim()), 'Added a note for first visits.');
  if (first) await approveChange(ctx, councilId, first, manager, letterhead);
  const second = await propose(withHistory, (d) => (d.alert = 'Closed on bank holidays.'), 'Bank holidays.');
  if (second) await approveChange(ctx, councilId, second, manager, letterhead);

  // Waiting for a manager, oldest first.
  await propose(times, (d) => {
    const weekly = d.schedules?.find((x) => x.opens_at && x.closes_at);
    if (weekly) weekly.closes_at = laterClose(weekly.closes_at);
    else d.schedules = [...(d.schedules ?? []), { id: demoId(times.id, 1), freq: 'WEEKLY', interval: 1, byday: 'MO,WE', opens_at: '10:00:00', closes_at: '14:00:00' }];
  }, 'We now stay open an hour later.');
  await propose(price, (d) => {
    const cost = d.cost_options?.find((c) => typeof c.amount === 'number');
    if (cost) cost.amount = Number(cost.amount) + 1;
    else d.cost_options = [...(d.cost_options ?? []), { id: demoId(price.id, 2), option: 'Per session', amount: 2, currency: 'GBP' }];
  }, 'Prices went up this month.');
  await propose(details, (d) => {
    d.description = `${d.description ?? ''} We can also help you fill in forms.`.trim();
    d.phones = [...(d.phones ?? []), { id: demoId(details.id, 3), number: '01632 960 123', description: 'Text or call' }];
  }, '');
  const added = JSON.parse(JSON.stringify(newService)) as Service;
  const freshId = demoId(newService.id, 4);
  await proposeChange(ctx, {
    councilId, organisationId: newService.organization!.id, kind: 'service', id: freshId, isNew: true, editor: editorOf(newService),
    note: 'A new weekly session.',
    document: {
      id: freshId, name: `${newService.name}: evening session`, description: 'The same help, on Thursday evenings.', status: 'active',
      organization: added.organization, schedules: [{ id: demoId(newService.id, 5), freq: 'WEEKLY', interval: 1, byday: 'TH', opens_at: '18:00:00', closes_at: '20:00:00' }],
    } as Service,
  });
  const org = await workingCopy(ctx.db, councilId, 'organization', organisation.organization!.id);
  if (org) {
    const document = { ...(org.document as Organization), description: `${(org.document as Organization).description} Volunteers welcome.`.trim() };
    await proposeChange(ctx, { councilId, organisationId: org.organisationId, kind: 'organization', id: org.organisationId, isNew: false, document, editor: editorOf(organisation) });
  }
  await askToBeListed(ctx, councilId, {
    organisationName: 'Riverside Repair Café', contactName: 'Alex Morgan', contactEmail: 'alex@repaircafe.example', contactPhone: null,
    description: 'Volunteers who mend clothes, bikes and small electricals for free, once a month.', area: 'Riverside and the town centre',
    website: 'https://repaircafe.example/', language: 'en',
  });
}

/** Services with opening times, away from the lunch club the demo's volunteer editor keeps. */
async function demoServices(db: Queryable, councilId: string): Promise<Service[]> {
  return getFullServices(db, councilId, await demoServiceIds(db, councilId, 60));
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'organisation';

/** A new id derived from an existing one (the demo is the same each time it is seeded). */
function demoId(from: string, n: number): string {
  return `${from.slice(0, 24)}${(parseInt(from.slice(24), 16) ^ (0xd0000 + n)).toString(16).padStart(12, '0').slice(-12)}`;
}
