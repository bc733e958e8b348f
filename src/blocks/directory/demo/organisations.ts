/**
 * The organisations that run demo services: the council, the NHS, and the voluntary,
 * community and faith sector. All fictional. Phone numbers are in Ofcom's range reserved
 * for drama (01632 960000 to 960999), web and email domains end in the reserved `.example`.
 */
export type OrganisationKind = 'council' | 'nhs' | 'charity' | 'community' | 'faith' | 'social-enterprise' | 'housing';

export interface DemoOrganisation {
  key: string;
  name: string;
  description: string;
  kind: OrganisationKind;
  /** Web host; the email is `<mailbox>@<domain>`. */
  domain: string;
  mailbox: string;
  funding: string;
  /**
   * Name patterns for look-alike organisations when the generator scales beyond the
   * catalogue ({place}, {word}); statutory bodies have none and are never replicated.
   */
  synth?: string[];
}

type Row = [key: string, name: string, kind: OrganisationKind, domain: string, mailbox: string, funding: string, description: string, synth?: string[]];

const ROWS: Row[] = [
  ['council', 'Ashdown Borough Council', 'council', 'ashdown.gov.example', 'customer.services', 'Ashdown Borough Council',
    'The local council for the Borough of Ashdown, covering Ashdown, Kingsmere, Millbridge and the surrounding villages.'],
  ['nhs-trust', 'Ardenshire Health and Care NHS Foundation Trust', 'nhs', 'ardenshirehealth.nhs.example', 'enquiries', 'NHS Ardenshire Integrated Care Board',
    'Community health, mental health and learning disability services for people across Ardenshire.'],
  ['pcn', 'Ashdown and Kingsmere Primary Care Network', 'nhs', 'ashdownpcn.nhs.example', 'enquiries', 'NHS Ardenshire Integrated Care Board',
    'The GP practices of Ashdown, Kingsmere and Millbridge working together to offer extra services to their patients.'],
  ['foodbank', 'Ashdown & District Foodbank', 'charity', 'ashdownfoodbank.org.example', 'info', 'donations from local people, churches, schools and businesses',
    'A local charity, supported by churches and community groups, providing emergency food and support to people in crisis across the borough.',
    ['{place} Foodbank', '{place} Community Food Project', '{word} Food Bank']],
  ['pantry', 'Kingsmere Community Pantry', 'community', 'kingsmerepantry.org.example', 'hello', "members' weekly contributions and a grant from the Ardenshire Community Foundation",
    'A membership food club that helps local families make their money go further and reduces food waste.',
    ['{place} Community Pantry', '{place} Food Club', '{word} Pantry']],
  ['millbridge-together', 'Millbridge Together CIC', 'social-enterprise', 'millbridgetogether.org.example', 'hello', 'the Ardenshire Community Foundation and the Millbridge Town Fund',
    'A community interest company running the Memorial Hall as a hub for the people of Millbridge.',
    ['{place} Together CIC', '{place} Community Partnership', '{word} Community Trust']],
  ['brookfield-ca', 'Brookfield Community Association', 'community', 'brookfieldca.org.example', 'info', 'Ashdown Borough Council community grants and fundraising',
    "A residents' association run by volunteers, bringing neighbours together on the Brookfield estate.",
    ["{place} Residents' Association", '{place} Community Association', '{place} Tenants and Residents Group']],
  ['advice', 'Ashdown Advice Centre', 'charity', 'ashdownadvice.org.example', 'advice', 'Ashdown Borough Council, the Money and Pensions Service and the Ardenshire Community Foundation',
    'An independent charity giving free, confidential and impartial advice to everyone who lives or works in the borough.',
    ['{place} Advice Centre', '{place} Advice Project', '{word} Advice']],
  ['thrive', 'Thrive Ashdown', 'charity', 'thriveashdown.org.example', 'hello', 'NHS Ardenshire Integrated Care Board and charitable trusts',
    'A local mental health charity that supports people to look after their mental health, recover and live well.',
    ['{word} Mental Health', '{place} Wellbeing Network', '{place} Mind Matters']],
  ['ageing-well', 'Ageing Well Ashdown', 'charity', 'ageingwellashdown.org.example', 'info', 'Ashdown Borough Council, charitable trusts and our charity shops',
    'A charity working with and for older people in the borough, so that everyone can love later life.',
    ['{place} Later Life', '{place} Senior Citizens Association', '{word} Age Concern']],
  ['carers', 'Ashdown Carers Centre', 'charity', 'ashdowncarers.org.example', 'support', 'Ashdown Borough Council and NHS Ardenshire Integrated Care Board',
    'The local charity for unpaid carers of all ages, offering advice, support, breaks and a voice.',
    ['{place} Carers Support', '{place} Carers Network', '{word} Carers']],
  ['kingsmere-shed', "Kingsmere Men's Shed", 'community', 'kingsmereshed.org.example', 'shed', "members' donations and local businesses",
    'A community workshop run by its members.',
    ["{place} Men's Shed", '{place} Community Shed']],
  ['millbridge-shed', "Millbridge Men's Shed", 'community', 'millbridgeshed.org.example', 'shed', "members' donations and the Millbridge Town Fund",
    'A community workshop by the canal, run by its members.'],
  ['churches-together', 'Churches Together in Ashdown', 'faith', 'churchestogetherashdown.org.example', 'office', 'the member churches and their congregations',
    'The churches of the borough working together to serve their communities.',
    ['{place} Churches Together', '{place} Christian Fellowship', '{word} Church Community Project']],
  ['islamic-centre', 'Kingsmere Islamic Centre', 'faith', 'kingsmereislamiccentre.org.example', 'info', 'donations from the congregation',
    'A mosque and community centre serving Muslims and the wider community of Kingsmere.',
    ['{place} Islamic Centre', '{place} Muslim Community Association']],
  ['gurdwara', 'Guru Nanak Gurdwara Millbridge', 'faith', 'millbridgegurdwara.org.example', 'sewa', 'the sangat (congregation)',
    'A Sikh gurdwara whose doors and kitchen are open to all.',
    ['{place} Gurdwara', '{place} Sikh Community Centre']],
  ['youth-trust', 'Ashdown Youth Trust', 'charity', 'ashdownyouth.org.example', 'hello', 'Ashdown Borough Council, the Ardenshire Community Foundation and national grant-makers',
    'A youth work charity running clubs, mentoring and support for young people across the borough.',
    ['{place} Youth Project', '{word} Youth Trust', "{place} Young People's Project"]],
  ['out-loud', 'Out Loud Ashdown', 'community', 'outloudashdown.org.example', 'hello', 'the Ardenshire Community Foundation',
    'A volunteer-led group for LGBTQ+ young people and their families.'],
  ['baby-bank', 'Little Steps Baby Bank', 'charity', 'littlestepsbabybank.org.example', 'hello', 'donations from local families and businesses',
    'A charity that collects pre-loved baby equipment and clothes and passes them on to families who need them.',
    ['{place} Baby Bank', '{word} Baby Bank', '{place} Uniform and Baby Bank']],
  ['clear-path', 'Clear Path Debt Help', 'faith', 'clearpathdebt.org.example', 'help', 'local churches',
    'A church-based debt help service with trained local coaches.',
    ['{word} Debt Help', '{place} Money Help']],
  ['welcome', 'Ashdown Welcome', 'charity', 'ashdownwelcome.org.example', 'hello', 'charitable trusts and local faith groups',
    'A charity welcoming and supporting refugees, people seeking asylum and other migrants in the borough.',
    ['{place} Welcome', '{word} Refugee Support', '{place} Migrant Support Network']],
  ['safer-futures', 'Safer Futures', 'charity', 'saferfutures.org.example', 'help', 'Ashdown Borough Council, the Police and Crime Commissioner and charitable trusts',
    'A specialist charity supporting people affected by domestic abuse and sexual violence across Ardenshire.',
    ['{word} Domestic Abuse Service', '{place} Safe Space']],
  ['recovery', 'Ashdown Recovery Partnership', 'charity', 'ashdownrecovery.org.example', 'hello', 'Ashdown Borough Council public health',
    "The borough's drug, alcohol and gambling support service, run by a partnership of local charities and the NHS.",
    ['{place} Recovery Project', '{word} Recovery', '{place} Recovery Community']],
  ['credit-union', 'Arden Credit Union', 'social-enterprise', 'ardencu.coop.example', 'members', "its members' savings",
    'A not-for-profit savings and loans co-operative owned by its members.'],
  ['good-neighbours', 'Ashdown Good Neighbours', 'charity', 'ashdowngoodneighbours.org.example', 'hello', 'Ashdown Borough Council and local parish councils',
    'Volunteers helping neighbours who are lonely, isolated or need a hand.',
    ['{place} Good Neighbours', '{place} Village Care', '{place} Helping Hands']],
  ['community-transport', 'Ashdown Community Transport', 'charity', 'ashdownct.org.example', 'bookings', 'Ashdown Borough Council and fares',
    'Accessible, door-to-door transport for people who find it hard to get about.',
    ['{place} Community Transport', '{place} Dial-a-Ride']],
  ['bereavement', 'Ashdown Bereavement Service', 'charity', 'ashdownbereavement.org.example', 'support', 'charitable trusts and donations',
    'A charity supporting adults and children after the death of someone close to them.',
    ['{place} Bereavement Support', '{word} Bereavement Care']],
  ['hospice', "St Elfleda's Hospice", 'charity', 'stelfledas.org.example', 'care', 'NHS Ardenshire Integrated Care Board and our fundraising',
    'The hospice caring for people with life-limiting illnesses, and their families, across Ashdown and Kingsmere.'],
  ['spectrum', 'Spectrum Parents Ashdown', 'community', 'spectrumparents.org.example', 'hello', 'the Ardenshire Community Foundation',
    'A parent-led group for families of autistic children and children with ADHD.',
    ['{place} Autism Parents Group', '{word} SEND Families']],
  ['pcf', 'Ashdown Parent Carer Forum', 'community', 'ashdownpcf.org.example', 'hello', 'the Department for Education parent carer forum grant',
    'An independent forum of parents and carers of children with SEND, working with the council and NHS to improve services.'],
  ['access', 'Access Ashdown', 'charity', 'accessashdown.org.example', 'info', 'Ashdown Borough Council and charitable trusts',
    "A disabled people's organisation run by and for disabled people in the borough.",
    ['{place} Disability Forum', '{word} Access Group']],
  ['sensory', 'Ardenshire Sight and Hearing', 'charity', 'ardenshiresensory.org.example', 'info', 'Ashdown Borough Council and charitable trusts',
    'A charity supporting people with sight loss, hearing loss or both.'],
  ['memory-lane', 'Memory Lane Dementia Support', 'charity', 'memorylanedementia.org.example', 'hello', 'charitable trusts and community fundraising',
    'A local charity supporting people living with dementia and their families.',
    ['{place} Memory Café', '{place} Dementia Friends Group']],
  ['law-centre', 'Ashdown Law Centre', 'charity', 'ashdownlawcentre.org.example', 'advice', 'legal aid contracts and charitable trusts',
    'A charity providing free legal advice and representation to people who cannot afford a lawyer.'],
  ['reboot', 'Reboot Ashdown CIC', 'social-enterprise', 'rebootashdown.org.example', 'hello', 'device donations and corporate sponsors',
    'A community interest company refurbishing donated computers and helping people get online.',
    ['{word} Digital', '{place} Digital Inclusion Project']],
  ['active', 'Active Ashdown Leisure Trust', 'charity', 'activeashdown.org.example', 'info', 'leisure centre income and Ashdown Borough Council',
    "The charitable trust that runs the borough's leisure centres and community sport and activity programmes.",
    ['{place} Sports Association', '{place} Active Lives']],
  ['kingsmere-fc', 'Kingsmere Town FC Foundation', 'charity', 'kingsmeretownfc.org.example', 'foundation', 'the club and its supporters',
    'The charitable foundation of Kingsmere Town Football Club.',
    ['{place} Town FC Foundation', '{place} Sports Club']],
  ['family-friends', 'Family Friends Ashdown', 'charity', 'familyfriendsashdown.org.example', 'hello', 'charitable trusts and Ashdown Borough Council',
    'Volunteers supporting families with young children through tough times.',
    ['{place} Family Friends', '{word} Family Support']],
  ['volunteer-ashdown', 'Volunteer Ashdown', 'charity', 'volunteerashdown.org.example', 'hello', 'Ashdown Borough Council',
    'The volunteer centre for the borough.'],
  ['college', 'Ashdown College', 'charity', 'ashdowncollege.ac.example', 'enquiries', 'the Department for Education',
    'A further education college for young people and adults.'],
  ['womens-centre', "Ashdown Women's Centre", 'charity', 'ashdownwomen.org.example', 'hello', 'charitable trusts and the Police and Crime Commissioner',
    'A safe, women-only space offering support, advice, courses and friendship.',
    ["{place} Women's Centre", "{word} Women's Project"]],
  ['haven', 'The Haven Ashdown', 'charity', 'havenashdown.org.example', 'info', 'donations, churches and Ashdown Borough Council',
    'A charity working with people who are homeless or at risk of homelessness.',
    ['{place} Homeless Project', '{word} Night Shelter']],
  ['ashdown-homes', 'Ashdown Homes', 'housing', 'ashdownhomes.example', 'customer.services', "tenants' rents",
    'A housing association with around 9,000 homes across the borough.'],
  ['veterans', "Ashdown Veterans' Breakfast Club", 'community', 'ashdownveterans.org.example', 'hello', 'members',
    'A friendly breakfast meet-up for veterans of the armed forces and their families.'],
  ['pedal', 'Pedal Ashdown', 'social-enterprise', 'pedalashdown.org.example', 'hello', 'bike sales and repairs',
    'A community bike workshop giving old bikes a new life.',
    ['{place} Bike Project', '{word} Cycles CIC']],
  ['plough', 'Harrowby Green Community Pub Ltd', 'community', 'harrowbyplough.example', 'hello', 'its community shareholders',
    'The community-owned pub at the heart of Harrowby Green.',
    ['{place} Community Pub', 'The {word} (community pub)']],
];

export const ORGANISATIONS: readonly DemoOrganisation[] = ROWS.map(([key, name, kind, domain, mailbox, funding, description, synth]) => ({
  key, name, kind, domain, mailbox, funding, description, ...(synth ? { synth } : {}),
}));

const byKey = new Map(ORGANISATIONS.map((o, i) => [o.key, i]));

export function organisationIndex(key: string): number {
  const i = byKey.get(key);
  if (i === undefined) throw new Error(`Unknown demo organisation "${key}"`);
  return i;
}

/** A phone number in Ofcom's drama range, distinct for the first thousand organisations. */
export function drama(n: number): string {
  return `01632 960${String(n % 1000).padStart(3, '0')}`;
}
