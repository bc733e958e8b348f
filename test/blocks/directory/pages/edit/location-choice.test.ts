import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workingCopy } from '../../../../../src/blocks/directory/editing/changes.js';
import { importOruk } from '../../../../../src/blocks/directory/index.js';
import type { Service } from '../../../../../src/blocks/directory/oruk/schemas.js';
import type { TestHearth } from '../../../../support/app.js';
import { signIn, type Browser } from '../../../identity/support.js';
import { FOOD_BANK, FOOD_EDITOR, HALL, startEditHearth, WAREHOUSE } from './fixture.js';

const DELIVERY = 'b1000000-0000-4000-8000-000000000003';
const add = `/admin/listings/${FOOD_BANK}/services/${DELIVERY}/locations/add`;

/** "Add a location": the organisation's places offered by name, the chosen one added whole. */
describe('an editor adds one of the organisation\'s places to a service', () => {
  let hearth: TestHearth;
  let editor: Browser;

  before(async () => {
    hearth = await startEditHearth();
    // A second food bank service, offered nowhere yet.
    await importOruk(hearth.db, hearth.council.id, [{
      id: DELIVERY, name: 'Food parcel delivery', description: 'Parcels brought to your door.', status: 'active',
      organization: { id: FOOD_BANK, name: 'Ashdown Food Bank', description: 'Emergency food for Ashdown.' },
    } as Service]);
    editor = await signIn(hearth, FOOD_EDITOR);
  });
  after(() => hearth?.stop());

  it('offers each of the organisation\'s places once, labelled by name, address and postcode, in order', async () => {
    const page = await editor.get(add);
    assert.equal(page.statusCode, 200);
    const labels = [...page.body.matchAll(/<label class="govuk-label govuk-radios__label" for="location[^"]*">\s*([^<]+?)\s*<\/label>/g)].map((m) => m[1].replace(/&#39;/g, "'"));
    assert.deepEqual(labels.slice(0, 2), ['Food bank warehouse, 9 Mill Road, AS1 1AE', "St Mary's hall, 1 Church Lane, AS1 1AA"]);
    assert.equal(labels.length, 3, 'and a new address');
    assert.ok(page.body.includes(`value="${WAREHOUSE}"`) && page.body.includes(`value="${HALL}"`));
  });

  it('adds the chosen place whole (its address), and refuses a place that is not the organisation\'s', async () => {
    await editor.get(add);
    const forged = await editor.post(add, { location: 'c1000000-0000-4000-8000-0000000000ff' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /Select one of your places, or a new address/);
    const chosen = await editor.post(add, { location: WAREHOUSE });
    assert.equal(chosen.statusCode, 303, chosen.body.slice(0, 300));
    const proposed = (await workingCopy(hearth.db, hearth.council.id, 'service', DELIVERY))!;
    assert.ok(proposed.pendingChangeId);
    const place = (proposed.document as Service).service_at_locations?.[0]?.location;
    assert.equal(place?.id, WAREHOUSE);
    assert.equal(place?.addresses?.[0]?.address_1, '9 Mill Road');
    assert.equal(place?.addresses?.[0]?.postal_code, 'AS1 1AE');
  });
});
