import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  NEEDS_JSON,
  needTermByCode,
  needTermById,
  needTerms,
  needsTaxonomy,
  orukTaxonomies,
  topLevelNeedOf,
  topLevelNeeds,
} from '../../../../src/blocks/directory/demo/taxonomy.js';
import { ACCESSIBILITY_TAXONOMY, DELIVERY_TAXONOMY } from '../../../../src/blocks/directory/vocabulary.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('the needs file is the documented shape', () => {
  const raw = JSON.parse(readFileSync(NEEDS_JSON, 'utf8'));
  assert.deepEqual(Object.keys(raw).sort(), ['taxonomy', 'terms']);
  for (const key of ['id', 'name', 'description', 'uri', 'version']) assert.ok(raw.taxonomy[key], `taxonomy.${key}`);
  assert.match(raw.taxonomy.id, UUID);
});

test('term ids and codes are unique, valid and fixed', () => {
  const terms = needTerms();
  assert.equal(new Set(terms.map((t) => t.id)).size, terms.length, 'ids unique');
  assert.equal(new Set(terms.map((t) => t.code)).size, terms.length, 'codes unique');
  for (const t of terms) {
    assert.match(t.id, UUID, t.code);
    assert.match(t.code, /^[a-z]+(-[a-z]+)*$/, t.code);
    assert.notEqual(t.id, needsTaxonomy().taxonomy.id);
  }
  assert.equal(needTermByCode('food')?.id, '5b0e6c40-9a1f-4e2d-b3c4-000000000100');
});

test('every term has a name, a Welsh name, a description and synonyms without repeats', () => {
  for (const t of needTerms()) {
    assert.ok(t.name && t.name_cy && t.description, t.code);
    assert.ok(t.synonyms.length > 0, `${t.code} has synonyms`);
    const lower = t.synonyms.map((s) => s.toLowerCase());
    assert.equal(new Set(lower).size, lower.length, `${t.code} repeats a synonym`);
    for (const s of t.synonyms) assert.equal(s, s.trim(), `${t.code}: "${s}" has stray spaces`);
  }
});

test('parents exist and the tree is two levels deep', () => {
  for (const t of needTerms()) {
    if (!t.parent_id) continue;
    const parent = needTermById(t.parent_id);
    assert.ok(parent, `${t.code}: parent ${t.parent_id} exists`);
    assert.equal(parent.parent_id, undefined, `${t.code}: parent is top-level`);
    assert.equal(topLevelNeedOf(t), parent);
  }
});

test('the top-level needs cover local help, each with 10 to 40 synonyms and some sub-needs', () => {
  const codes = topLevelNeeds().map((t) => t.code);
  for (const code of [
    'food', 'money', 'housing', 'mental-health', 'loneliness', 'carers', 'children-families', 'send', 'older-people', 'disability',
    'employment', 'domestic-abuse', 'substance-misuse', 'digital', 'health', 'legal', 'immigration', 'bereavement', 'transport',
  ]) {
    assert.ok(codes.includes(code), `top-level need ${code}`);
  }
  for (const top of topLevelNeeds()) {
    assert.ok(top.synonyms.length >= 10 && top.synonyms.length <= 40, `${top.code}: ${top.synonyms.length} synonyms`);
    assert.ok(needTerms().some((t) => t.parent_id === top.id), `${top.code} has sub-needs`);
  }
});

test('the words residents actually type are there, colloquial and misspelt ones included', () => {
  const all = new Set(needTerms().flatMap((t) => t.synonyms.map((s) => s.toLowerCase())));
  for (const phrase of [
    'foodbank', 'food bank', 'hungry', 'no food', "can't afford food", "can't pay my rent", 'behind on rent', 'evicted', 'sofa surfing',
    'sleeping rough', 'lonely', 'no friends', 'benefits help', 'universal credit', 'uc', 'pip', 'bailiffs', 'debt', 'anxiety',
    'depressed', 'feeling low', 'suicidal', 'carer', 'looking after mum', 'autism', 'adhd', 'ehcp', 'dementia', 'drink problem',
    'gambling', 'job', 'cv', 'no internet', 'laptop', 'wifi', 'domestic violence', 'abusive partner', 'lonley', 'homless', 'benifits',
  ]) {
    assert.ok(all.has(phrase), `"${phrase}" is a synonym`);
  }
});

test('ORUK taxonomies: needs plus the two fixed vocabularies', () => {
  const [needs, delivery, accessibility] = orukTaxonomies();
  assert.equal(needs.id, needsTaxonomy().taxonomy.id);
  assert.equal(needs.taxonomy_terms?.length, needTerms().length);
  assert.equal(delivery.id, DELIVERY_TAXONOMY.id);
  assert.equal(accessibility.id, ACCESSIBILITY_TAXONOMY.id);
  for (const taxonomy of [needs, delivery, accessibility]) {
    for (const term of taxonomy.taxonomy_terms ?? []) {
      assert.equal(term.taxonomy_id, taxonomy.id);
      assert.ok(term.name && term.description && term.code);
    }
  }
  const foodBanks = needs.taxonomy_terms!.find((t) => t.code === 'food-banks')!;
  assert.equal(foodBanks.parent_id, needTermByCode('food')!.id);
});
