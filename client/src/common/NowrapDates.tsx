import { Fragment } from 'react';

const DATE = /(\d{4}-\d{2}-\d{2})/;

/**
 * Text with its dates kept whole: a browser may break a line after a hyphen, which on a narrow screen
 * splits "2027-02-25" over two lines. Each date is wrapped in a span that does not break.
 */
export function NowrapDates({ text }: { text: string }) {
  const parts = text.split(DATE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} style={{ whiteSpace: 'nowrap' }}>
            {part}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
