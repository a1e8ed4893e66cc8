/**
 * Table cells that must stay readable on a tablet (768 px) and a phone (390 px): dates never break in the
 * middle of the value, the less needed columns give way on narrow screens, and a table that is still
 * wider than the screen scrolls inside its own box instead of widening the page. Plain style objects, to
 * spread together: `sx={{ ...DATE_CELL, ...FROM_MD }}`.
 */
export const DATE_CELL = { whiteSpace: 'nowrap' } as const;
/** Shown from 600 px (sm) up. */
export const FROM_SM = { display: { xs: 'none', sm: 'table-cell' } } as const;
/** Shown from 900 px (md) up. */
export const FROM_MD = { display: { xs: 'none', md: 'table-cell' } } as const;
/** Shown from 1200 px (lg) up. */
export const FROM_LG = { display: { xs: 'none', lg: 'table-cell' } } as const;
/** Shown from 1536 px (xl) up. */
export const FROM_XL = { display: { xs: 'none', xl: 'table-cell' } } as const;
/** On a DataTable: scrolls inside its own box when it is wider than the screen. */
export const SCROLLING_TABLE = { '& .RaDataTable-tableWrapper': { overflowX: 'auto', maxWidth: '100%' } } as const;
