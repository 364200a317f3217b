// The price list CSV: `Product Variant ID`, `SKU`, `Price <CUR>`, `Price <Region> [<CUR>]`.
import { BatchJobInputError } from '../errors';
import { parseAmount } from '../money';
import { parseHeader, unknownColumnMessage } from '../product-csv/columns';
import type { RowError } from '../row-error-report';

export const PRICE_LIST_FIXED_COLUMNS = ['Product Variant ID', 'SKU'] as const;

type PriceColumn = { currency: string; region: string | null };
export type PriceListLayout = { headers: string[]; columns: ({ fixed: (typeof PRICE_LIST_FIXED_COLUMNS)[number] } | { price: PriceColumn })[] };

export interface PriceListRow {
  line: number;
  variantId?: string;
  sku?: string;
  prices: { currency: string; region: string | null; amount: number }[];
}

export function readPriceListHeader(cells: string[]): PriceListLayout {
  const headers = cells.map((c) => c.trim());
  const columns = headers.map((header) => {
    const fixed = PRICE_LIST_FIXED_COLUMNS.find((c) => c === header);
    if (fixed) return { fixed };
    const parsed = parseHeader(header);
    if (parsed?.kind === 'dynamic' && (parsed.column.type === 'currency-price' || parsed.column.type === 'region-price')) {
      return { price: { currency: parsed.column.currency, region: parsed.column.type === 'region-price' ? parsed.column.region : null } };
    }
    throw new BatchJobInputError(unknownColumnMessage(header, PRICE_LIST_FIXED_COLUMNS));
  });
  if (!columns.some((c) => 'fixed' in c)) {
    throw new BatchJobInputError("The csv file parsing failed due to: a 'Product Variant ID' or 'SKU' column is required");
  }
  return { headers, columns };
}

export function readPriceListRow(layout: PriceListLayout, line: number, cells: string[], regions: ReadonlySet<string>): { row: PriceListRow } | { errors: RowError[] } {
  const row: PriceListRow = { line, prices: [] };
  const errors: RowError[] = [];
  layout.columns.forEach((column, i) => {
    const text = (cells[i] ?? '').trim();
    if (!text) return;
    const header = layout.headers[i]!;
    if ('fixed' in column) {
      if (column.fixed === 'SKU') row.sku = text;
      else row.variantId = text;
      return;
    }
    const { currency, region } = column.price;
    if (region !== null && !regions.has(region)) return void errors.push({ line, column: header, message: `unknown region '${region}'` });
    const amount = parseAmount(text, currency);
    if (amount === null) errors.push({ line, column: header, message: `'${text}' is not a price` });
    else row.prices.push({ currency, region, amount });
  });
  if (!row.variantId && !row.sku) errors.push({ line, column: null, message: 'a Product Variant ID or SKU is required' });
  return errors.length ? { errors } : { row };
}
