/** Display helpers; the server stores phone numbers as E.164 and money as öre. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  if (!e164.startsWith('+46')) return e164;
  const national = `0${e164.slice(3)}`;
  // Mobile numbers (07X) read 070-123 45 67; Stockholm 08-123 456 78; other area codes 0AA-NN NN NN.
  const area = national.startsWith('08') ? 2 : 3;
  const head = national.slice(0, area);
  const rest = national.slice(area);
  const groups =
    rest.length === 7
      ? [rest.slice(0, 3), rest.slice(3, 5), rest.slice(5)]
      : rest.length === 6
        ? [rest.slice(0, 2), rest.slice(2, 4), rest.slice(4)]
        : rest.length === 8
          ? [rest.slice(0, 3), rest.slice(3, 6), rest.slice(6)]
          : [rest];
  return `${head}-${groups.join(' ')}`;
}

export function formatOre(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  return `${(ore / 100).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;
}

/** A moment (ISO 8601, UTC) as the clock in Stockholm read it: `2026-11-25 14:03`. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Kronor with a decimal comma and no unit (`1 490,00`), for a spreadsheet column headed "(kr)". */
export function formatKronor(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  // sv-SE writes a minus as U+2212, which a spreadsheet reads as text.
  return (ore / 100)
    .toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false })
    .replace('\u2212', '-');
}
