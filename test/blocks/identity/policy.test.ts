import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { may } from '../../../src/blocks/identity/policy.js';
import type { PersonPrincipal, RoleGrant } from '../../../src/platform/http/access.js';

const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';
const ORG = 'c0000000-0000-4000-8000-000000000003';
const person = (grants: RoleGrant[], platformAdmin = false): PersonPrincipal => ({
  kind: 'person',
  personId: 'p',
  email: 'p@example.org',
  displayName: null,
  sessionId: 's',
  platformAdmin,
  grants,
});

describe('identity: what roles allow', () => {
  it('a role acts only in the council it was given in', () => {
    const admin = person([{ councilId: A, role: 'council_admin', scope: null }]);
    assert.equal(may(admin, 'identity.admin', A), true);
    assert.equal(may(admin, 'identity.admin', B), false);
  });

  it('each role allows its own actions only', () => {
    const manager = person([{ councilId: A, role: 'directory_manager', scope: null }]);
    assert.equal(may(manager, 'directory.manage', A), true);
    assert.equal(may(manager, 'identity.admin', A), false);
    assert.equal(may(manager, 'audit.read', A), false);
    const resident = person([{ councilId: A, role: 'resident', scope: null }]);
    for (const action of ['directory.manage', 'identity.admin', 'requests.handle', 'audit.read', 'platform.admin'] as const) {
      assert.equal(may(resident, action, A), false, action);
    }
  });

  it('scoped roles act only on what they name', () => {
    const editor = person([{ councilId: A, role: 'organisation_editor', scope: ORG }]);
    assert.equal(may(editor, 'directory.edit_organisation', A, { organisationId: ORG }), true);
    assert.equal(may(editor, 'directory.edit_organisation', A, { organisationId: B }), false);
    assert.equal(may(editor, 'directory.edit_organisation', A), false, 'no scope named: not theirs');
    const handler = person([{ councilId: A, role: 'request_handler', scope: 'Highways' }]);
    assert.equal(may(handler, 'requests.handle', A, { team: 'highways' }), true);
    assert.equal(may(handler, 'requests.handle', A, { team: 'Housing' }), false);
  });

  it("vault.read: a request handler for their own team only; neither a council admin nor a platform admin by being one", () => {
    const handler = person([{ councilId: A, role: 'request_handler', scope: 'Housing options' }]);
    assert.equal(may(handler, 'vault.read', A, { team: 'housing options' }), true);
    assert.equal(may(handler, 'vault.read', A, { team: 'Adult social care' }), false);
    assert.equal(may(handler, 'vault.read', B, { team: 'Housing options' }), false);
    assert.equal(may(person([{ councilId: A, role: 'council_admin', scope: null }]), 'vault.read', A, { team: 'Housing options' }), false);
    assert.equal(may(person([], true), 'vault.read', A, { team: 'Housing options' }), false);
  });

  it('a platform admin may do anything anywhere; nobody else is a platform admin', () => {
    assert.equal(may(person([], true), 'platform.admin', B), true);
    assert.equal(may(person([{ councilId: A, role: 'council_admin', scope: null }]), 'platform.admin', A), false);
  });
});
