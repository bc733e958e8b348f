import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { needTerms } from '../../../../src/blocks/directory/search/synonyms.js';
import { indexKeys, mappedTermsOf, orukExternalTerm, publishedTermsOf } from '../../../../src/blocks/directory/taxonomy/external-terms.js';
import { checkMappingFile, MappingFileError, readMappingFiles, taxonomyMappings } from '../../../../src/blocks/directory/taxonomy/mappings.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- mapping files built for the test */
const lgsl = (): any => structuredClone(taxonomyMappings().find((v) => v.vocabulary === 'lgsl'));

function problem(content: unknown): MappingFileError {
  try {
    checkMappingFile('test.json', content);
  } catch (error) {
    assert.ok(error instanceof MappingFileError, String(error));
    return error;
  }
  assert.fail('the file was accepted');
}

describe('need taxonomy mappings', () => {
  it('ships LGSL and the LGA needs and circumstances lists, each entry naming a source the file lists', () => {
    const vocabularies = taxonomyMappings();
    assert.deepEqual(vocabularies.map((v) => v.vocabulary).sort(), ['lga-circumstances', 'lga-needs', 'lgsl']);
    for (const v of vocabularies) {
      const sources = new Set(v.sources.map((s) => s.id));
      for (const e of v.entries) assert.ok(sources.has(e.source), `${v.vocabulary} ${e.code}`);
      for (const s of v.sources) assert.ok(s.commit || s.url, `${v.vocabulary} source ${s.id} names what to check`);
    }
    assert.ok(lgsl().entries.length >= 40);
  });

  it('names the file, the entry and the reason when an entry is malformed', () => {
    const unknownNeed = lgsl();
    unknownNeed.entries[2].needs = ['no-such-need'];
    const e1 = problem(unknownNeed);
    assert.equal(e1.file, 'test.json');
    assert.match(e1.where, /^entry 3 \(code "\d+"\)$/);
    assert.match(e1.reason, /"no-such-need" is not a need/);

    const badRelation = lgsl();
    badRelation.entries[0].relation = 'same';
    assert.match(problem(badRelation).where, /^entry 1 \(code "1818"\)$/);

    const noSource = lgsl();
    noSource.entries[1].source = 'a-blog';
    assert.match(problem(noSource).reason, /source "a-blog" is not among the file's sources/);

    const twice = lgsl();
    twice.entries.push({ ...twice.entries[0] });
    assert.match(problem(twice).reason, /maps "1818" to "food-banks" a second time/);

    const badPattern = lgsl();
    badPattern.term_uri_pattern = 'http://id.esd.org.uk/service/';
    assert.match(problem(badPattern).reason, /term_uri_pattern/);

    const unchecked = lgsl();
    delete unchecked.sources[0].repository;
    assert.match(problem(unchecked).reason, /neither a repository nor a url/);
  });

  it('fails loudly on a folder with a file that is not JSON, or two files of one vocabulary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-mappings-'));
    try {
      writeFileSync(join(dir, 'a.json'), JSON.stringify(lgsl()));
      assert.equal(readMappingFiles(dir).length, 1);
      writeFileSync(join(dir, 'b.json'), JSON.stringify(lgsl()));
      assert.throws(() => readMappingFiles(dir), /b\.json: vocabulary: "lgsl" is also the vocabulary of a\.json/);
      writeFileSync(join(dir, 'b.json'), '{ not json');
      assert.throws(() => readMappingFiles(dir), /b\.json: the file: is not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('indexes exact and narrow mappings only, publishes exact and broad ones only', () => {
    const foodBanks = needTerms().find((t) => t.code === 'food-banks')!;
    const { keys, needIds } = indexKeys();
    const needOf = (key: string) => needIds.filter((_, i) => keys[i] === key);
    assert.deepEqual(needOf('uri:id.esd.org.uk/service/1818'), [foodBanks.id]);
    assert.deepEqual(needOf('curie:esdservicetype:1818'), [foodBanks.id]);
    assert.deepEqual(needOf('name:esdservicetypes|1818'), [foodBanks.id]);
    assert.deepEqual(needOf('name:id.esd.org.uk/list/englishandwelshservices|food banks'), [foodBanks.id]);
    // Day centres are only related to Hearth's need, and 'Social inclusion' is broader than loneliness.
    assert.deepEqual(needOf('uri:id.esd.org.uk/service/296'), []);
    assert.deepEqual(needOf('uri:id.esd.org.uk/need/69'), []);

    assert.deepEqual(publishedTermsOf('food-banks').map((t) => t.entry.code), ['1818']);
    assert.deepEqual(publishedTermsOf('loneliness').map((t) => `${t.vocabulary.vocabulary}:${t.entry.code}`), ['lga-needs:69']);
    assert.deepEqual(publishedTermsOf('alcohol').map((t) => t.entry.code), ['730']);
    assert.deepEqual(publishedTermsOf('carer-support'), []);
    // A need takes its parents' exact and broad mappings: befriending is part of loneliness.
    assert.deepEqual(publishedTermsOf('befriending').map((t) => `${t.vocabulary.vocabulary}:${t.entry.code}`), ['lga-needs:69']);
    assert.deepEqual(publishedTermsOf('talking-therapies').map((t) => t.entry.code), ['1284']);
    assert.deepEqual(mappedTermsOf('carer-support').map((t) => t.entry.code), ['298', '1755']);
  });

  it('gives an external term as an ORUK taxonomy_term with its own URI and a stable id', () => {
    const [food] = publishedTermsOf('food-banks');
    const term = orukExternalTerm(food);
    assert.deepEqual(
      { name: term.name, taxonomy: term.taxonomy, term_uri: term.term_uri, term: term.term },
      { name: 'Food banks', taxonomy: 'Local Government Services List (LGSL)', term_uri: 'http://id.esd.org.uk/service/1818', term: '1818' },
    );
    assert.equal(orukExternalTerm(food).id, term.id);
    assert.match(String(term.id), /^[0-9a-f-]{36}$/);
  });
});
