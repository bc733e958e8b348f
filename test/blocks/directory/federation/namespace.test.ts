import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v5 as uuidv5 } from 'uuid';
import { feedNamespace, IdMap, localId, localServiceId, namespaceIds } from '../../../../src/blocks/directory/federation/namespace.js';

/** A feed's ids taken into its own namespace: stable, per feed, and the same however they are computed. */
describe('federation: ids namespaced per feed', () => {
  const FEED = '00000000-0000-4000-8000-0000000000aa';
  const OTHER_FEED = '00000000-0000-4000-8000-0000000000bb';
  const namespace = feedNamespace(FEED);
  const service = () => ({
    id: 'remote-service-1',
    name: 'Lunch club',
    organization: { id: 'org-1', name: 'St Mary\'s' },
    service_at_locations: [{ id: 'sal-1', location_id: 'loc-1', location: { id: 'loc-1', addresses: [{ id: 'adr-1', postal_code: 'AB1 2CD' }] } }],
    phones: [{ id: 'ph-1', number: '01234 567890' }],
    empty_id: '',
    count_id: 7,
  });

  it('is a name-based UUID (v5) of the remote id under the feed\'s namespace, different per feed', () => {
    assert.equal(localId(namespace, 'remote-service-1'), uuidv5('remote-service-1', namespace));
    assert.equal(localServiceId(FEED, 'remote-service-1'), localId(namespace, 'remote-service-1'));
    assert.notEqual(localServiceId(OTHER_FEED, 'remote-service-1'), localServiceId(FEED, 'remote-service-1'));
  });

  it('remembers ids it has mapped, forgetting them all when full, with the same answers', () => {
    const ids = new IdMap(namespace, 2);
    const first = ['a', 'b', 'a', 'c', 'a', 'b'].map((id) => ids.local(id));
    assert.deepEqual(first, ['a', 'b', 'a', 'c', 'a', 'b'].map((id) => localId(namespace, id)));
  });

  it('maps every id and *_id at any depth, leaving other fields, empty ids and non-strings alone; in place the same as copied', () => {
    const original = service();
    const copied = namespaceIds(original, namespace) as ReturnType<typeof service>;
    assert.deepEqual(original, service(), 'a copy leaves the value as it was');
    assert.equal(copied.id, localId(namespace, 'remote-service-1'));
    assert.equal(copied.organization.id, localId(namespace, 'org-1'));
    assert.equal(copied.service_at_locations[0].location_id, localId(namespace, 'loc-1'));
    assert.equal(copied.service_at_locations[0].location.id, copied.service_at_locations[0].location_id);
    assert.equal(copied.service_at_locations[0].location.addresses[0].id, localId(namespace, 'adr-1'));
    assert.equal(copied.phones[0].number, '01234 567890');
    assert.equal(copied.empty_id, '');
    assert.equal(copied.count_id, 7);

    const owned = service();
    const inPlace = namespaceIds(owned, namespace, new IdMap(namespace), true);
    assert.equal(inPlace, owned, 'the same object, changed');
    assert.deepEqual(inPlace, copied);
  });
});
