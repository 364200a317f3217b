// How exported CSV files are written: Medusa's `;` delimiter and `\r\n` line ends, and a cell that
// holds `;`, `,`, `"` or a line break quoted with inner quotes doubled.
import { stringify } from 'csv-stringify/sync';

export function csvLines(rows: string[][]): string {
  if (rows.length === 0) return '';
  return stringify(rows, { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[;,"\r\n]/ });
}
