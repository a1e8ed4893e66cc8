import { BLOCK_PLACES, liftRefusal, suggestedBlockPlaces } from '../../server/src/domain/blocks';

const placed = '2026-11-16T20:15:00.000Z';

describe('a block is lifted once, never before it was placed', () => {
  test.each([
    ['an open block, lifted after it was placed', { placed_at: placed, lifted_at: null }, '2026-11-25T09:00:00.000Z', undefined],
    ['an open block, lifted the same instant', { placed_at: placed, lifted_at: null }, placed, undefined],
    ['an open block, lifted before it was placed', { placed_at: placed, lifted_at: null }, '2026-11-16T20:14:59.000Z', /innan den lades/],
    ['a block already lifted', { placed_at: placed, lifted_at: '2026-11-20T10:00:00.000Z' }, '2026-11-25T09:00:00.000Z', /redan hävd/],
  ])('%s', (_case, block, liftedAt, refusal) => {
    const answer = liftRefusal(block, liftedAt);
    if (refusal === undefined) expect(answer).toBeUndefined();
    else expect(answer).toMatch(refusal);
  });
});

test('the credit bureaus and the police are offered as places, each once', () => {
  expect(BLOCK_PLACES.credit_block).toEqual(expect.arrayContaining(['UC', 'Creditsafe', 'Syna']));
  expect(BLOCK_PLACES.id_document).toContain('Polisen');
  const all = suggestedBlockPlaces();
  expect(new Set(all).size).toBe(all.length);
  expect(suggestedBlockPlaces('id_document')).toEqual(['Polisen', 'Skatteverket']);
});
