import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTIONS_WITH_SENTENCES, auditSentence } from '../../../../src/blocks/identity/audit/sentences.js';
import type { AuditRow } from '../../../../src/blocks/identity/sql/audit.js';
import { Messages } from '../../../../src/platform/web/i18n.js';

const messages = new Messages().addFolder('src/platform/web/locales').addFolder('src/blocks/identity/locales');
const en = messages.translator('en');
const cy = messages.translator('cy');

let nextId = 1;
function row(action: string, fields: Partial<AuditRow> = {}): AuditRow {
  return {
    id: nextId++,
    at: new Date('2026-07-01T09:00:00Z'),
    actor_email: 'jo@ashdown.example',
    actor_name: 'Jo Bloggs',
    actor_client_id: null,
    action,
    target: 'sam@example.org',
    detail: {},
    ip: '192.0.2.1',
    user_agent: 'Firefox',
    ...fields,
  };
}

/** One entry of every action Hearth records, as its writer records it, with its sentence in English and Welsh. */
const EXAMPLES: [AuditRow, string, string][] = [
  [row('session.started', { actor_name: 'Sam', detail: { method: 'email' } }), 'Sam signed in with an email link from 192.0.2.1', 'Mewngofnododd Sam gyda dolen e-bost o 192.0.2.1'],
  [row('session.started', { actor_name: null, actor_email: 'sam@example.org', detail: { method: 'oidc' }, ip: null }), 'sam@example.org signed in through the sign-in provider', 'Mewngofnododd sam@example.org drwy’r darparwr mewngofnodi'],
  [
    row('session.started', { actor_name: 'Sam', detail: { method: 'email', through: 'otherton' } }),
    'Sam signed in with an email link through otherton’s pages from 192.0.2.1',
    'Mewngofnododd Sam gyda dolen e-bost drwy dudalennau otherton o 192.0.2.1',
  ],
  [
    row('council.updated', { target: 'ashdown', detail: { changed: ['name', 'colourPrimary'], before: { name: 'Ashdown', colourPrimary: '#1d70b8' }, after: { name: 'Ashdown Council', colourPrimary: '#005a30' } } }),
    'Jo Bloggs changed the council’s details: name, colour',
    'Newidiodd Jo Bloggs fanylion y cyngor: enw, lliw',
  ],
  [row('role.granted', { detail: { role: 'directory_manager' } }), 'Jo Bloggs gave sam@example.org the role Directory manager', 'Rhoddodd Jo Bloggs y rôl Rheolwr y cyfeiriadur i sam@example.org'],
  [
    row('role.granted', { detail: { role: 'organisation_editor', scope: '3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c' } }),
    'Jo Bloggs gave sam@example.org the role Organisation editor for Ashdown Food Bank',
    'Rhoddodd Jo Bloggs y rôl Golygydd sefydliad ar gyfer Ashdown Food Bank i sam@example.org',
  ],
  [row('role.revoked', { detail: { role: 'request_handler', scope: 'Highways' } }), 'Jo Bloggs removed the role Request handler for Highways from sam@example.org', 'Tynnodd Jo Bloggs y rôl Triniwr ceisiadau ar gyfer Highways oddi ar sam@example.org'],
  [row('role.revoked', { detail: { role: 'council_admin' } }), 'Jo Bloggs removed the role Council admin from sam@example.org', 'Tynnodd Jo Bloggs y rôl Gweinyddwr y cyngor oddi ar sam@example.org'],
  [row('person.disabled'), 'Jo Bloggs disabled the account of sam@example.org', 'Analluogodd Jo Bloggs gyfrif sam@example.org'],
  [row('person.enabled'), 'Jo Bloggs enabled the account of sam@example.org again', 'Galluogodd Jo Bloggs gyfrif sam@example.org eto'],
  [
    row('platform_admin.granted', { actor_name: null, actor_email: null, ip: null, user_agent: 'hearth command line' }),
    'The hearth command on the server made sam@example.org a platform admin',
    'Gwnaeth Y gorchymyn hearth ar y gweinydd sam@example.org yn weinyddwr platfform',
  ],
  [row('platform_admin.revoked', { actor_name: null, actor_email: null, user_agent: 'hearth command line' }), 'The hearth command on the server stopped sam@example.org being a platform admin', 'Tynnodd Y gorchymyn hearth ar y gweinydd statws gweinyddwr platfform oddi ar sam@example.org'],
  [
    row('partner_client.registered', { actor_name: 'Jo', target: '5b1e…', detail: { client_id: 'hearth_abc', name: 'Housing CRM', auth_method: 'client_secret', scopes: ['partner.read'] } }),
    'Jo registered the partner system Housing CRM',
    'Cofrestrodd Jo y system partner Housing CRM',
  ],
  [row('partner_client.disabled', { detail: { client_id: 'hearth_abc', name: 'Housing CRM' } }), 'Jo Bloggs disabled the partner system Housing CRM', 'Analluogodd Jo Bloggs y system partner Housing CRM'],
  [row('partner_client.secret_rotated', { detail: { client_id: 'hearth_abc', name: 'Housing CRM' } }), 'Jo Bloggs made a new client secret for the partner system Housing CRM', 'Gwnaeth Jo Bloggs gyfrinach cleient newydd ar gyfer y system partner Housing CRM'],
  [row('partner_signing_key.rotated', { target: 'kid-2', detail: { retired_kid: 'kid-1' } }), 'Jo Bloggs made a new token-signing key for partner systems', 'Gwnaeth Jo Bloggs allwedd llofnodi tocynnau newydd ar gyfer systemau partner'],
  [row('directory.crisis_help.saved', { target: null, detail: { locale: 'cy' } }), 'Jo Bloggs changed the crisis help in Welsh', 'Newidiodd Jo Bloggs yr help mewn argyfwng (Cymraeg)'],
  [row('directory.crisis_help.reset', { target: null, detail: { locale: 'en' } }), 'Jo Bloggs put the crisis help in English back to the default', 'Rhoddodd Jo Bloggs yr help mewn argyfwng (Saesneg) yn ôl i’r diofyn'],
  [row('directory.change.proposed', { target: 'Lunch club', detail: { kind: 'service' } }), 'Jo Bloggs proposed a change to the service Lunch club', 'Cynigiodd Jo Bloggs newid i’r gwasanaeth Lunch club'],
  [row('directory.change.proposed', { target: 'Friends', detail: { kind: 'organization' } }), 'Jo Bloggs proposed a change to the organisation Friends', 'Cynigiodd Jo Bloggs newid i’r sefydliad Friends'],
  [row('directory.change.published', { target: 'Lunch club', detail: { version: 3 } }), 'Jo Bloggs published a change to Lunch club (a trusted organisation: version 3)', 'Cyhoeddodd Jo Bloggs newid i Lunch club (sefydliad y gellir ymddiried ynddo: fersiwn 3)'],
  [row('directory.change.approved', { target: 'Lunch club', detail: { editor: 'v@lunch.example', version: 2 } }), 'Jo Bloggs approved v@lunch.example’s change to Lunch club (version 2)', 'Cymeradwyodd Jo Bloggs newid v@lunch.example i Lunch club (fersiwn 2)'],
  [row('directory.change.rejected', { target: 'Lunch club', detail: { editor: 'v@lunch.example', reason: 'Still open' } }), 'Jo Bloggs rejected v@lunch.example’s change to Lunch club: Still open', 'Gwrthododd Jo Bloggs newid v@lunch.example i Lunch club: Still open'],
  [row('directory.change.withdrawn', { target: 'Lunch club' }), 'Jo Bloggs withdrew their change to Lunch club before a manager decided it', 'Tynnodd Jo Bloggs eu newid i Lunch club yn ôl cyn i reolwr benderfynu arno'],
  [row('directory.listing.reverted', { target: 'Lunch club', detail: { toVersion: 1 } }), 'Jo Bloggs reverted Lunch club to version 1', 'Dychwelodd Jo Bloggs Lunch club i fersiwn 1'],
  [row('directory.organisation.trusted', { target: 'Friends' }), 'Jo Bloggs let Friends publish its changes without approval', 'Caniataodd Jo Bloggs i Friends gyhoeddi ei newidiadau heb gymeradwyaeth'],
  [row('directory.organisation.untrusted', { target: 'Friends' }), 'Jo Bloggs made changes from Friends wait for approval', 'Gwnaeth Jo Bloggs i newidiadau Friends aros am gymeradwyaeth'],
  [row('directory.editor.invited', { target: 'pat@shed.example', detail: { organisation: 'Shed' } }), 'Jo Bloggs invited pat@shed.example to edit Shed', 'Gwahoddodd Jo Bloggs pat@shed.example i olygu Shed'],
  [row('directory.listing_request.accepted', { target: 'Shed', detail: { contact: 'pat@shed.example' } }), 'Jo Bloggs added Shed to the directory at its request, and invited pat@shed.example to edit it', 'Ychwanegodd Jo Bloggs Shed at y cyfeiriadur ar ei gais, a gwahodd pat@shed.example i’w olygu'],
  [row('directory.listing_request.declined', { target: 'Shed', detail: { reason: 'Out of area' } }), 'Jo Bloggs declined the request to list Shed: Out of area', 'Gwrthododd Jo Bloggs y cais i restru Shed: Out of area'],
  [row('directory.feed.added', { target: 'Northmoor Council', detail: { url: 'https://northmoor.example/oruk' } }), 'Jo Bloggs subscribed to the directory feed Northmoor Council (https://northmoor.example/oruk)', 'Tanysgrifiodd Jo Bloggs i ffrwd y cyfeiriadur Northmoor Council (https://northmoor.example/oruk)'],
  [row('directory.feed.paused', { target: 'Northmoor Council' }), 'Jo Bloggs paused the directory feed Northmoor Council', 'Oedodd Jo Bloggs ffrwd y cyfeiriadur Northmoor Council'],
  [row('directory.feed.resumed', { target: 'Northmoor Council' }), 'Jo Bloggs resumed the directory feed Northmoor Council', 'Ailddechreuodd Jo Bloggs ffrwd y cyfeiriadur Northmoor Council'],
  [row('directory.feed.removed', { target: 'Northmoor Council', detail: { servicesRemoved: 9 } }), 'Jo Bloggs removed the directory feed Northmoor Council and its 9 services', 'Tynnodd Jo Bloggs ffrwd y cyfeiriadur Northmoor Council a’i 9 gwasanaeth'],
  [row('directory.feed.pull_requested', { target: 'Northmoor Council' }), 'Jo Bloggs asked for the directory feed Northmoor Council to be pulled now', 'Gofynnodd Jo Bloggs i ffrwd y cyfeiriadur Northmoor Council gael ei thynnu nawr'],
  [row('directory.feed.match_split', { target: 'x' }), 'Jo Bloggs split a wrong match of listings from other directories', 'Gwahanodd Jo Bloggs baru anghywir o restrau o gyfeiriaduron eraill'],
  [row('directory.thesaurus.added', { target: null, detail: { locale: 'cy', entry: 'heb arian' } }), 'Jo Bloggs added “heb arian” to the search thesaurus (Welsh)', 'Ychwanegodd Jo Bloggs “heb arian” at thesawrws y chwilio (Cymraeg)'],
  [row('directory.thesaurus.changed', { target: null, detail: { locale: 'en', entry: 'skint' } }), 'Jo Bloggs changed “skint” in the search thesaurus (English)', 'Newidiodd Jo Bloggs “skint” yn thesawrws y chwilio (Saesneg)'],
  [row('directory.thesaurus.removed', { target: null, detail: { locale: 'en', entry: 'skint' } }), 'Jo Bloggs removed “skint” from the search thesaurus (English)', 'Tynnodd Jo Bloggs “skint” o thesawrws y chwilio (Saesneg)'],
  [row('directory.thesaurus.reset', { target: null, detail: { locale: 'en', entry: 'skint' } }), 'Jo Bloggs put “skint” in the search thesaurus back as shipped (English)', 'Rhoddodd Jo Bloggs “skint” yn thesawrws y chwilio yn ôl fel y’i cyflenwyd (Saesneg)'],
  [row('directory.thesaurus.imported', { target: null, detail: { locale: 'en', entries: 12 } }), 'Jo Bloggs imported 12 entries into the search thesaurus (English)', 'Mewnforiodd Jo Bloggs 12 o gofnodion i thesawrws y chwilio (Saesneg)'],
  [row('directory.service.assured', { actor_name: null, actor_email: null, target: 'service:x', detail: { service: 'Friendship lunch club', organisation: 'Ageing Well Ashdown' } }), 'The listing Friendship lunch club of Ageing Well Ashdown was confirmed as still correct from the link in a reminder', 'Cadarnhawyd bod rhestr Friendship lunch club gan Ageing Well Ashdown yn dal yn gywir drwy’r ddolen mewn nodyn atgoffa'],
  [row('directory.service.closed_as_planned', { actor_name: null, actor_email: null, target: 'Friendship lunch club', detail: { service: 'Friendship lunch club', version: 4 } }), 'The listing Friendship lunch club became temporarily closed on the date its editor gave (version 4)', 'Aeth rhestr Friendship lunch club ar gau dros dro ar y dyddiad a roddodd ei olygydd (fersiwn 4)'],
  [row('directory.service.reopened_as_planned', { actor_name: null, actor_email: null, target: 'Friendship lunch club', detail: { service: 'Friendship lunch club', version: 5 } }), 'The listing Friendship lunch club opened again on the date its editor gave (version 5)', 'Agorodd rhestr Friendship lunch club eto ar y dyddiad a roddodd ei olygydd (fersiwn 5)'],
  [row('directory.report.updated', { target: 'report:x', detail: { from: 'new', to: 'resolved' } }), 'Jo Bloggs marked a resident’s report resolved', 'Newidiodd Jo Bloggs statws adroddiad preswylydd i: wedi’i ddatrys'],
  [row('directory.csv.imported', { target: 'lunches.csv', detail: { total: 3, created: 2, updated: 1 } }), 'Jo Bloggs imported 3 services from lunches.csv (2 new, 1 updated)', 'Mewnforiodd Jo Bloggs 3 o wasanaethau o lunches.csv (2 newydd, 1 wedi’u diweddaru)'],
  [row('vault.team.added', { target: 'Housing options', detail: { name: 'Housing options' } }), 'Jo Bloggs added the team Housing options (Housing options) for residents to share their information with', 'Ychwanegodd Jo Bloggs y tîm Housing options (Housing options) i breswylwyr rannu eu gwybodaeth ag ef'],
  [row('vault.team.changed', { target: 'housing', detail: { name: 'Housing options', changed: ['name_en'] } }), 'Jo Bloggs changed the team Housing options (housing) residents can share their information with', 'Newidiodd Jo Bloggs y tîm Housing options (housing) y gall preswylwyr rannu eu gwybodaeth ag ef'],
  [row('vault.team.retired', { target: 'housing' }), 'Jo Bloggs retired the team housing: residents are no longer offered it', 'Ymddeolodd Jo Bloggs y tîm housing: nid yw’n cael ei gynnig i breswylwyr mwyach'],
  [row('vault.team.restored', { target: 'housing' }), 'Jo Bloggs offered the team housing to residents again', 'Cynigiodd Jo Bloggs y tîm housing i breswylwyr eto'],
  [row('vault.category.added', { target: 'armed_forces_veteran', detail: { code: 'armed_forces_veteran', name_en: 'Armed forces veteran', name_cy: 'Cyn-filwr', sensitivity: 'standard' } }), 'Jo Bloggs added the record category Armed forces veteran (armed_forces_veteran) for residents', 'Ychwanegodd Jo Bloggs y categori cofnod Armed forces veteran (armed_forces_veteran) i breswylwyr'],
  [row('vault.category.added', { target: 'hiv_status', detail: { code: 'hiv_status', name_en: 'HIV status', name_cy: 'Statws HIV', sensitivity: 'sensitive' } }), 'Jo Bloggs added the sensitive record category HIV status (hiv_status) for residents', 'Ychwanegodd Jo Bloggs y categori cofnod sensitif HIV status (hiv_status) i breswylwyr'],
  [row('vault.category.retired', { target: 'armed_forces_veteran', detail: { code: 'armed_forces_veteran' } }), 'Jo Bloggs retired the record category armed_forces_veteran: residents are no longer asked for it', 'Ymddeolodd Jo Bloggs y categori cofnod armed_forces_veteran: nid yw preswylwyr yn cael eu holi amdano mwyach'],
  [row('vault.category.restored', { target: 'armed_forces_veteran', detail: { code: 'armed_forces_veteran' } }), 'Jo Bloggs brought back the record category armed_forces_veteran', 'Daeth Jo Bloggs â’r categori cofnod armed_forces_veteran yn ôl'],
  [row('vault.basis.recorded', { target: 'b1', detail: { team: 'Adult social care', categories: ['address', 'disability'], legal_basis: 'Care Act 2014 s.42', awaiting_approval: false } }), 'Jo Bloggs recorded a statutory basis (Care Act 2014 s.42) for Adult social care to see address, disability', 'Cofnododd Jo Bloggs sail statudol (Care Act 2014 s.42) i Adult social care weld address, disability'],
  [row('vault.basis.recorded', { target: 'b1', detail: { team: 'Adult social care', categories: ['address', 'disability'], legal_basis: 'Care Act 2014 s.42', awaiting_approval: true } }), 'Jo Bloggs recorded a statutory basis (Care Act 2014 s.42) for Adult social care to see address, disability, waiting for a second officer', 'Cofnododd Jo Bloggs sail statudol (Care Act 2014 s.42) i Adult social care weld address, disability, yn aros am ail swyddog'],
  [row('vault.basis.approved', { target: 'b1', detail: { team: 'Adult social care', categories: ['address', 'disability'], legal_basis: 'Care Act 2014 s.42' } }), 'Jo Bloggs approved a statutory basis (Care Act 2014 s.42) for Adult social care to see address, disability', 'Cymeradwyodd Jo Bloggs sail statudol (Care Act 2014 s.42) i Adult social care weld address, disability'],
  [row('vault.basis.declined', { target: 'b1', detail: { team: 'Adult social care', categories: ['address', 'disability'], legal_basis: 'Care Act 2014 s.42' } }), 'Jo Bloggs declined a statutory basis (Care Act 2014 s.42) for Adult social care to see address, disability', 'Gwrthododd Jo Bloggs sail statudol (Care Act 2014 s.42) i Adult social care weld address, disability'],
  [row('vault.basis.ended', { target: 'b1', detail: { team: 'Adult social care', categories: ['address', 'disability'], legal_basis: 'Care Act 2014 s.42' } }), 'Jo Bloggs ended a statutory basis (Care Act 2014 s.42) of Adult social care', 'Daeth Jo Bloggs â sail statudol (Care Act 2014 s.42) Adult social care i ben'],
  [row('vault.advocate.recorded', { target: 'a1', detail: { team: 'Adult social care', advocate: 'Al Attorney', relationship: 'Attorney', evidence_ref: 'OPG 7000-1111', categories: ['benefits'] } }), "Jo Bloggs recorded that Al Attorney (Attorney, OPG 7000-1111) may act for a resident, waiting for a second officer of Adult social care", "Cofnododd Jo Bloggs y caiff Al Attorney (Attorney, OPG 7000-1111) weithredu ar ran preswylydd, yn aros am ail swyddog yn Adult social care"],
  [row('vault.advocate.approved', { target: 'a1', detail: { team: 'Adult social care', advocate: 'Al Attorney', relationship: 'Attorney', evidence_ref: 'OPG 7000-1111', categories: ['benefits'] } }), "Jo Bloggs approved Al Attorney (Attorney, OPG 7000-1111) acting for a resident, for Adult social care", "Cymeradwyodd Jo Bloggs fod Al Attorney (Attorney, OPG 7000-1111) yn gweithredu ar ran preswylydd, i Adult social care"],
  [row('vault.advocate.declined', { target: 'a1', detail: { team: 'Adult social care', advocate: 'Al Attorney', relationship: 'Attorney', evidence_ref: 'OPG 7000-1111', categories: ['benefits'] } }), "Jo Bloggs declined Al Attorney (Attorney, OPG 7000-1111) acting for a resident, for Adult social care", "Gwrthododd Jo Bloggs fod Al Attorney (Attorney, OPG 7000-1111) yn gweithredu ar ran preswylydd, i Adult social care"],
  [row('vault.advocate.ended', { target: 'a1', detail: { team: 'Adult social care', advocate: 'Al Attorney', relationship: 'Attorney', evidence_ref: 'OPG 7000-1111', categories: ['benefits'] } }), "Jo Bloggs ended Al Attorney (Attorney, OPG 7000-1111) acting for a resident, for Adult social care", "Daeth Jo Bloggs â Al Attorney (Attorney, OPG 7000-1111) yn gweithredu ar ran preswylydd i ben, i Adult social care"],
];

const names = { organisations: new Map([['3f2a6b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c', 'Ashdown Food Bank']]) };

/** Every action string a `recordAudit` or `auditPartnerChange` call in src/ writes. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const call of source.matchAll(/(?:recordAudit|auditPartnerChange)\(([^;]*?)\);/gs)) {
          for (const m of call[1].matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1]);
        }
      }
    }
  };
  walk('src');
  return found;
}

describe('identity: the audit log as sentences', () => {
  it('reads each action as a sentence, in English and Welsh', () => {
    for (const [entry, english, welsh] of EXAMPLES) {
      assert.equal(auditSentence(en, entry, names), english, entry.action);
      assert.equal(auditSentence(cy, entry, names), welsh, entry.action);
    }
  });

  it('has a sentence for every action that src/ records, each in both languages', () => {
    const actions = recordedActions();
    assert.ok(actions.size >= 10, `found ${[...actions].join(', ')}`);
    for (const action of actions) assert.ok(ACTIONS_WITH_SENTENCES.includes(action), `"${action}" is recorded but has no sentence`);
    for (const action of ACTIONS_WITH_SENTENCES) assert.ok(EXAMPLES.some(([r]) => r.action === action), `no example of ${action}`);
  });

  it('names who acted: their name, else their address, a partner system, or someone', () => {
    const granted = { detail: { role: 'resident' } };
    assert.match(auditSentence(en, row('role.granted', { ...granted, actor_name: null })), /^jo@ashdown\.example gave/);
    assert.match(auditSentence(en, row('role.granted', { ...granted, actor_name: null, actor_email: null, actor_client_id: 'hearth_x' })), /^The partner system hearth_x gave/);
    assert.match(auditSentence(en, row('role.granted', { ...granted, actor_name: null, actor_email: null, user_agent: null })), /^Someone gave/);
    assert.match(auditSentence(cy, row('role.granted', { ...granted, actor_name: null, actor_email: null, user_agent: null })), /^Rhoddodd Rhywun/);
  });

  it('reads an action it has no sentence for, and older entries missing a field, without failing', () => {
    assert.equal(auditSentence(en, row('council.renamed', { target: 'Ashdown' })), 'Jo Bloggs made the change “council.renamed” to Ashdown');
    assert.equal(auditSentence(cy, row('council.renamed', { target: null })), 'Gwnaeth Jo Bloggs y newid “council.renamed”');
    assert.equal(auditSentence(en, row('role.granted', { detail: {} })), 'Jo Bloggs gave sam@example.org the role ');
    assert.equal(auditSentence(en, row('role.granted', { detail: { role: 'overlord' } })), 'Jo Bloggs gave sam@example.org the role overlord');
    assert.equal(auditSentence(en, row('partner_client.disabled', { detail: null as unknown as Record<string, unknown> })), 'Jo Bloggs disabled the partner system ');
  });
});
