import type { BlockKind } from './values';

/**
 * Blocks (spärrar) registered on the 24/7 line: where a block was placed, with the reference the
 * bureau or authority gave, and when it was lifted. The places are offered as choices; any other
 * place may be typed.
 */
export const BLOCK_PLACES: Record<BlockKind, readonly string[]> = {
  credit_block: ['UC', 'Dun & Bradstreet (Bisnode)', 'Creditsafe', 'Syna'],
  id_document: ['Polisen', 'Skatteverket'],
  other: [],
};

/** The places suggested for a kind of block, or every suggested place once each. */
export function suggestedBlockPlaces(kind?: BlockKind): string[] {
  return kind ? [...BLOCK_PLACES[kind]] : [...new Set(Object.values(BLOCK_PLACES).flat())];
}

export interface LiftableBlock {
  placed_at: string;
  lifted_at: string | null;
}

/**
 * Why a block cannot be lifted at `liftedAt` (ISO instants, UTC), or undefined when it can: a block is
 * lifted once, never before it was placed.
 */
export function liftRefusal(block: LiftableBlock, liftedAt: string): string | undefined {
  if (block.lifted_at !== null) return 'Spärren är redan hävd';
  if (liftedAt < block.placed_at) return 'En spärr kan inte hävas innan den lades';
  return undefined;
}
