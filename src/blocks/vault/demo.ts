import type { PlatformContext } from '../../platform/block.js';
import { keyRingOf } from '../../platform/crypto/key-ring.js';
import { COMMAND_LINE, ensurePerson, giveRole, partnerSystemsOf } from '../identity/index.js';
import { answer, checkAppointment, createInvitation } from './advocates/appointments.js';
import { readWithAccess, type VaultActor } from './gateway.js';
import { createGrant } from './grants.js';
import { writeItems } from './record.js';
import { addTeam } from './teams.js';

/**
 * The demo council's vault, so `npm run demo` shows the whole story at once: a resident with a
 * full record who shares her address and household with the housing team and her housing
 * association, a team's request waiting for her answer, a realistic access log over the last
 * three months (every entry made through the access gateway, as in life), her daughter appointed
 * as her advocate, and other residents the housing team supports.
 */

export const DEMO_RESIDENT_EMAIL = 'rhian@ashdown.example';
export const DEMO_ADVOCATE_EMAIL = 'cerys@ashdown.example';
export const DEMO_OFFICER_EMAIL = 'housing.officer@ashdown.example';

const DAY = 86_400_000;

const TEAMS = [
  {
    code: 'housing-options',
    nameEn: 'Housing Options',
    nameCy: 'Opsiynau Tai',
    descriptionEn: 'Help to find a home, prevent homelessness and apply for social housing.',
    descriptionCy: 'Help i ddod o hyd i gartref, atal digartrefedd a gwneud cais am dai cymdeithasol.',
    contactEmail: 'housing@ashdown.example',
  },
  {
    code: 'council-tax',
    nameEn: 'Council Tax and Benefits',
    nameCy: 'Treth Gyngor a Budd-daliadau',
    descriptionEn: 'Council Tax, Council Tax Reduction and Housing Benefit.',
    descriptionCy: 'Treth Gyngor, Gostyngiad Treth Gyngor a Budd-dal Tai.',
    contactEmail: 'counciltax@ashdown.example',
  },
  {
    code: 'adult-social-care',
    nameEn: 'Adult Social Care',
    nameCy: 'Gofal Cymdeithasol Oedolion',
    descriptionEn: 'Care and support assessments, carers\u2019 assessments and safeguarding adults.',
    descriptionCy: 'Asesiadau gofal a chymorth, asesiadau gofalwyr a diogelu oedolion.',
    contactEmail: 'adultcare@ashdown.example',
  },
];

/** The officers: two in housing (a second officer for sensitive bases), one in council tax. */
const OFFICERS = [
  { email: DEMO_OFFICER_EMAIL, name: 'Jo Adeyemi', team: 'housing-options' },
  { email: 'housing.manager@ashdown.example', name: 'Sam Okafor', team: 'housing-options' },
  { email: 'benefits.officer@ashdown.example', name: 'Priya Shah', team: 'council-tax' },
];

interface DemoResident {
  email: string;
  name: string;
  record: Record<string, unknown[]>;
}

const RHIAN: DemoResident = {
  email: DEMO_RESIDENT_EMAIL,
  name: 'Rhian Evans',
  record: {
    name: [{ fullName: 'Rhian Evans', preferredName: 'Rhian' }],
    contact: [{ email: DEMO_RESIDENT_EMAIL, phone: '01632 960 412' }],
    preferences: [{ channel: 'email', language: 'cy', formats: ['large_print'] }],
    address: [{ lines: ['14 Chapel Row'], town: 'Ashdown', postcode: 'AB1 2CD', uprn: '100012345678' }],
    household: [
      { name: 'Dafydd Evans', relationship: 'husband', dateOfBirth: '1951-03-09' },
      { name: 'Megan Evans', relationship: 'granddaughter', dateOfBirth: '2011-07-22' },
    ],
    carer: [{ applies: true, details: 'I look after my husband, who has Parkinson\u2019s.' }],
    benefits: [{ held: ['pension_credit', 'attendance_allowance'] }],
  },
};

const OTHERS: DemoResident[] = [
  {
    email: 'tom.baker@ashdown.example',
    name: 'Tom Baker',
    record: {
      name: [{ fullName: 'Tom Baker' }],
      contact: [{ phone: '07700 900 318' }],
      address: [{ lines: ['Flat 3', '8 Mill Lane'], town: 'Ashdown', postcode: 'AB1 4EF' }],
    },
  },
  {
    email: 'amira.hassan@ashdown.example',
    name: 'Amira Hassan',
    record: {
      name: [{ fullName: 'Amira Hassan' }],
      contact: [{ email: 'amira.hassan@ashdown.example' }],
      address: [{ lines: ['27 Orchard Close'], town: 'Ashdown', postcode: 'AB2 1GH' }],
      household: [{ name: 'Yusuf Hassan', relationship: 'son', dateOfBirth: '2019-11-02' }],
    },
  },
];

export async function seedDemoVault(ctx: PlatformContext, councilId: string): Promise<void> {
  const { db } = ctx;
  const ring = keyRingOf(db);
  const now = Date.now();
  // Everything starts three months ago, so the access log has a history to show.
  const began = new Date(now - 92 * DAY);

  for (const team of TEAMS) await addTeam(db, councilId, COMMAND_LINE, team);
  const officers: Extract<VaultActor, { kind: 'staff' }>[] = [];
  for (const officer of OFFICERS) {
    const { person } = await giveRole(db, { councilId, email: officer.email, role: 'request_handler', scope: officer.team, actor: COMMAND_LINE });
    officers.push({ kind: 'staff', personId: person.id, name: officer.name, team: officer.team });
  }
  const [jo, sam] = officers;

  const residents = new Map<string, string>();
  for (const resident of [RHIAN, ...OTHERS]) {
    const person = await ensurePerson(db, resident.email, resident.name);
    residents.set(resident.email, person.id);
    for (const [category, values] of Object.entries(resident.record)) {
      await writeItems(db, ring, councilId, person.id, category, values, { kind: 'resident', name: resident.name });
    }
  }
  const rhian = residents.get(RHIAN.email)!;

  // Rhian shares her address and household with Housing Options for her application…
  const grant = (residentId: string, granteeKind: 'team' | 'partner', grantee: string, categories: string[], access: 'read' | 'read_update', purpose: string, lawfulBasis: string, requested = false) =>
    createGrant(db, { councilId, residentId, granteeKind, grantee, categories, access, purpose, lawfulBasis, requested, now: began, expiresAt: new Date(now + 180 * DAY) });
  await grant(rhian, 'team', 'housing-options', ['address', 'household'], 'read', 'To assess my application to move to a ground-floor home', 'consent');
  // …and with her housing association, which may also correct her contact details.
  const partner = (await partnerSystemsOf(db, councilId))[0];
  if (partner) await grant(rhian, 'partner', partner.clientId, ['address', 'contact'], 'read_update', 'To manage my tenancy and arrange repairs', 'contract');
  // Council Tax and Benefits asks for her benefits, to check her Council Tax Reduction: it waits for her.
  await grant(rhian, 'team', 'council-tax', ['benefits'], 'read', 'To check whether your Council Tax Reduction is right', 'public_task', true);
  for (const email of ['tom.baker@ashdown.example', 'amira.hassan@ashdown.example']) {
    await grant(residents.get(email)!, 'team', 'housing-options', ['name', 'contact', 'address'], 'read', 'To help me find somewhere to live', 'consent');
  }

  // Three months of the housing team's work, each access through the gateway and in the log.
  const visits: { daysAgo: number; actor: VaultActor; residentEmail: string; categories: string[] }[] = [
    { daysAgo: 88, actor: jo, residentEmail: RHIAN.email, categories: ['address', 'household'] },
    { daysAgo: 80, actor: jo, residentEmail: 'tom.baker@ashdown.example', categories: ['name', 'contact', 'address'] },
    { daysAgo: 61, actor: sam, residentEmail: RHIAN.email, categories: ['household'] },
    { daysAgo: 47, actor: jo, residentEmail: 'amira.hassan@ashdown.example', categories: ['name', 'address'] },
    { daysAgo: 33, actor: jo, residentEmail: RHIAN.email, categories: ['address'] },
    { daysAgo: 12, actor: sam, residentEmail: 'tom.baker@ashdown.example', categories: ['contact'] },
    { daysAgo: 4, actor: jo, residentEmail: RHIAN.email, categories: ['address', 'household'] },
  ];
  if (partner) {
    const housingAssociation: VaultActor = { kind: 'partner', clientId: partner.clientId, name: partner.name, scopes: ['vault.read', 'vault.write'] };
    visits.push({ daysAgo: 70, actor: housingAssociation, residentEmail: RHIAN.email, categories: ['address', 'contact'] }, { daysAgo: 9, actor: housingAssociation, residentEmail: RHIAN.email, categories: ['contact'] });
  }
  visits.sort((a, b) => b.daysAgo - a.daysAgo);
  for (const visit of visits) {
    await readWithAccess(db, { councilId, actor: visit.actor, residentId: residents.get(visit.residentEmail)!, categories: visit.categories, action: 'read', now: new Date(now - visit.daysAgo * DAY) });
  }

  // Her daughter Cerys acts for her for six months: invited, and accepted by signing in.
  const until = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now + 180 * DAY)).split('-');
  const appointment = await checkAppointment(
    db,
    councilId,
    {
      advocateName: 'Cerys Evans',
      email: DEMO_ADVOCATE_EMAIL,
      relationship: 'Daughter',
      categories: ['address', 'contact', 'household', 'preferences'],
      access: 'read_update',
      manageGrants: 'yes',
      until: { year: until[0], month: until[1], day: until[2] },
    },
    { maxDays: 366, ownEmail: RHIAN.email },
  );
  if (!appointment.value) throw new Error(`the demo advocate's appointment is refused: ${JSON.stringify(appointment.problems)}`);
  const invitation = await createInvitation(db, councilId, { id: rhian, name: RHIAN.name }, appointment.value);
  const cerys = await ensurePerson(db, DEMO_ADVOCATE_EMAIL, 'Cerys Evans');
  await answer(db, councilId, invitation.token, { personId: cerys.id, email: DEMO_ADVOCATE_EMAIL }, true);
  await readWithAccess(db, { councilId, actor: { kind: 'advocate', personId: cerys.id, name: 'Cerys Evans' }, residentId: rhian, categories: ['contact'], action: 'read' });

  process.stdout.write(
    `\nSign in as the demo resident, ${DEMO_RESIDENT_EMAIL}, at /sign-in to see her record, who she shares it with and who has seen it (/my-record);` +
      ` as ${DEMO_ADVOCATE_EMAIL}, her daughter and advocate, to act for her (/acting-for); as ${DEMO_OFFICER_EMAIL} to see the housing team's side (/admin/vault).\n`,
  );
}
