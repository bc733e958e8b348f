/**
 * A CSV cell: quoted, and text a spreadsheet would run as a formula (=, +, -, @, tab, return)
 * prefixed with an apostrophe, so a download of what residents typed cannot attack whoever
 * opens it.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows as a CSV document (RFC 4180 line ends). */
export function csvDocument(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
