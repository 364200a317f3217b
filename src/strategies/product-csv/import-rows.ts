// Reading the product CSV: the header into columns (unknown ones refused with Medusa's message),
// each line into an ImportRow or the errors that name its line and column.
import { parseAmount } from '../money';
import { BatchJobInputError } from '../errors';
import { parseHeader, unknownColumnMessage, type DynamicColumn, type FixedColumn, type HeaderColumn } from './columns';

import type { RowError } from '../row-error-report';

type Fields = Record<string, string | number | boolean | string[] | null>;

export interface ImportRow {
  line: number;
  /** Only the product and variant fields whose cells are not empty. */
  product: Fields & { handle: string };
  variant: Fields;
  prices: { currency: string; region: string | null; amount: number }[];
  options: { index: number; name?: string; value?: string }[];
  images: string[];
  salesChannels: { index: number; id?: string; name?: string; description?: string }[];
  categories: { index: number; handle?: string; name?: string; description?: string }[];
}

export interface CsvLayout {
  headers: string[];
  columns: HeaderColumn[];
}

export function readHeader(cells: string[]): CsvLayout {
  const headers = cells.map((h) => h.trim());
  const columns: HeaderColumn[] = [];
  for (const header of headers) {
    const column = parseHeader(header);
    if (!column) throw new BatchJobInputError(unknownColumnMessage(header));
    columns.push(column);
  }
  if (!columns.some((c) => c.kind === 'fixed' && c.column.header === 'Product Handle')) {
    throw new BatchJobInputError("The csv file parsing failed due to: the required column 'Product Handle' is missing");
  }
  return { headers, columns };
}

function readFixed(column: FixedColumn, text: string): { value: Fields[string] } | { error: string } {
  switch (column.kind) {
    case 'text':
      return { value: text };
    case 'list':
      return { value: text.split(',').map((t) => t.trim()).filter(Boolean) };
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) && /^-?[\d.]+(e-?\d+)?$/i.test(text) ? { value: n } : { error: `'${text}' is not a number` };
    }
    case 'integer': {
      return /^-?\d+$/.test(text) ? { value: Number(text) } : { error: `'${text}' is not a whole number` };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { value: lower === 'true' };
      return { error: `'${text}' is not true or false` };
    }
  }
}

function slot<T extends { index: number }>(list: T[], index: number): T {
  let entry = list.find((e) => e.index === index);
  if (!entry) list.push((entry = { index } as T));
  return entry;
}

function readDynamic(row: ImportRow, column: DynamicColumn, text: string, regions: ReadonlySet<string>): string | null {
  switch (column.type) {
    case 'currency-price':
    case 'region-price': {
      const region = column.type === 'region-price' ? column.region : null;
      if (region !== null && !regions.has(region)) return `unknown region '${region}' (known: ${[...regions].sort().join(', ') || 'none'})`;
      const amount = parseAmount(text, column.currency);
      if (amount === null) return `'${text}' is not a price`;
      row.prices.push({ currency: column.currency, region, amount });
      return null;
    }
    case 'option': {
      const option = slot(row.options, column.index);
      if (column.part === 'Name') option.name = text;
      else option.value = text;
      return null;
    }
    case 'image':
      row.images.push(text);
      return null;
    case 'sales-channel': {
      const channel = slot(row.salesChannels, column.index);
      channel[column.part === 'Id' ? 'id' : column.part === 'Name' ? 'name' : 'description'] = text;
      return null;
    }
    case 'category': {
      const category = slot(row.categories, column.index);
      category[column.part === 'Handle' ? 'handle' : column.part === 'Name' ? 'name' : 'description'] = text;
      return null;
    }
  }
}

/** One line of the file: the row, or every error found in it. */
export function readRow(layout: CsvLayout, line: number, cells: string[], regions: ReadonlySet<string>): { row: ImportRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const row: ImportRow = { line, product: { handle: '' }, variant: {}, prices: [], options: [], images: [], salesChannels: [], categories: [] };
  if (cells.length > layout.columns.length) {
    errors.push({ line, column: null, message: `has ${cells.length} cells but the header has ${layout.columns.length} columns` });
  }
  layout.columns.forEach((column, i) => {
    const text = (cells[i] ?? '').trim();
    if (text === '') return;
    const header = layout.headers[i]!;
    if (column.kind === 'fixed') {
      const read = readFixed(column.column, text);
      if ('error' in read) errors.push({ line, column: header, message: read.error });
      else (column.column.target.entity === 'product' ? row.product : row.variant)[column.column.target.field] = read.value;
    } else {
      const error = readDynamic(row, column.column, text, regions);
      if (error) errors.push({ line, column: header, message: error });
    }
  });
  if (!row.product.handle) errors.push({ line, column: 'Product Handle', message: 'a product handle is required' });
  for (const option of row.options) {
    if (option.value !== undefined && !option.name) errors.push({ line, column: `Option ${option.index} Name`, message: 'an option value needs its option name' });
  }
  return errors.length ? { errors } : { row };
}
