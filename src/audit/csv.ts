// CSV output (RFC 4180) that is safe to open in a spreadsheet.
// Invariants:
//   1. A cell starting with = + - @ (or tab or carriage return) gets a leading `'`, so a
//      spreadsheet shows it as text instead of evaluating it as a formula (OWASP CSV injection).
//   2. A cell containing a comma, quote, CR or LF is quoted, with quotes doubled.
//   3. Rows end with CRLF.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record with its CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
