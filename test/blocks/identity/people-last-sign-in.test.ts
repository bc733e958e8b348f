import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addGrant, ensurePerson } from '../../../src/blocks/identity/sql/people.js';
import { addCouncil } from '../../../src/platform/councils.js';
import { startTestHearth, type TestHearth } from '../../support/app.js';
import { signIn, type Browser } from './support.js';

/** The people page's row for this address (the table row holding it). */
function rowOf(html: string, email: string): string {
  const at = html.indexOf(email);
  assert.ok(at >= 0, `${email} is listed`);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}

describe('identity: a council sees when someone last signed in there, and nowhere else', () => {
  let hearth: TestHearth;
  let admin: Browser;
  before(async () => {
    hearth = await startTestHearth();
    await addCouncil(hearth.db, { slug: 'otherton', name: 'Otherton Council' });
    await hearth.councils.reload();
    const person = await ensurePerson(hearth.db, 'admin@testshire.example');
    await addGrant(hearth.db, { councilId: hearth.council.id, personId: person.id, role: 'council_admin', scope: '', grantedBy: null });
    admin = await signIn(hearth, 'admin@testshire.example');
  });
  after(() => hearth.stop());

  it('does not show a sign-in at another council to an admin who gives that person a role', async () => {
    // Someone who uses Otherton's site, not Testshire's.
    await signIn(hearth, 'target@example.org', '/c/otherton');
    await admin.get('/admin/people');
    const granted = await admin.post('/admin/people/grant', { email: 'target@example.org', role: 'directory_manager', scope: '' });
    assert.equal(granted.statusCode, 303);
    const people = (await admin.get('/admin/people')).body;
    assert.match(rowOf(people, 'target@example.org'), /Not yet/, 'their sign-in elsewhere is not shown');
    assert.match((await admin.get('/admin/invitations')).body, /target@example\.org/, 'still waiting to sign in here');

    // Once they sign in through Testshire, Testshire sees it.
    await signIn(hearth, 'target@example.org');
    const after = (await admin.get('/admin/people')).body;
    assert.doesNotMatch(rowOf(after, 'target@example.org'), /Not yet/);
    assert.doesNotMatch((await admin.get('/admin/invitations')).body, /target@example\.org/);
  });
});
