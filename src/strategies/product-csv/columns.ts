// The product CSV format, Medusa's: the one place that knows its columns, their order, how each
// cell is written on export and read on import. Used by product-export and product-import.
import { closest } from '../text-distance';

export type CellKind = 'text' | 'number' | 'integer' | 'boolean' | 'list';

export interface FixedColumn {
  header: string;
  /** The product or variant field the column carries. */
  target: { entity: 'product' | 'variant'; field: string };
  kind: CellKind;
}

const product = (header: string, field: string, kind: CellKind = 'text'): FixedColumn => ({ header, target: { entity: 'product', field }, kind });
const variant = (header: string, field: string, kind: CellKind = 'text'): FixedColumn => ({ header, target: { entity: 'variant', field }, kind });

/** The fixed columns, in Medusa's order (Medusa's tests check positions 0, 2, 4, 23, 24, 25). */
export const FIXED_COLUMNS: readonly FixedColumn[] = [
  product('Product Id', 'id'),
  product('Product Handle', 'handle'),
  product('Product Title', 'title'),
  product('Product Subtitle', 'subtitle'),
  product('Product Description', 'description'),
  product('Product Status', 'status'),
  product('Product Thumbnail', 'thumbnail'),
  product('Product Weight', 'weight', 'number'),
  product('Product Length', 'length', 'number'),
  product('Product Width', 'width', 'number'),
  product('Product Height', 'height', 'number'),
  product('Product HS Code', 'hs_code'),
  product('Product Origin Country', 'origin_country'),
  product('Product MID Code', 'mid_code'),
  product('Product Material', 'material'),
  product('Product Collection Title', 'collection_title'),
  product('Product Collection Handle', 'collection_handle'),
  product('Product Type', 'type'),
  product('Product Tags', 'tags', 'list'),
  product('Product Discountable', 'discountable', 'boolean'),
  product('Product External Id', 'external_id'),
  product('Product Profile Name', 'profile_name'),
  product('Product Profile Type', 'profile_type'),
  variant('Variant Id', 'id'),
  variant('Variant Title', 'title'),
  variant('Variant SKU', 'sku'),
  variant('Variant Barcode', 'barcode'),
  variant('Variant Inventory Quantity', 'inventory_quantity', 'integer'),
  variant('Variant Allow Backorder', 'allow_backorder', 'boolean'),
  variant('Variant Manage Inventory', 'manage_inventory', 'boolean'),
  variant('Variant Weight', 'weight', 'number'),
  variant('Variant Length', 'length', 'number'),
  variant('Variant Width', 'width', 'number'),
  variant('Variant Height', 'height', 'number'),
  variant('Variant HS Code', 'hs_code'),
  variant('Variant Origin Country', 'origin_country'),
  variant('Variant MID Code', 'mid_code'),
  variant('Variant Material', 'material'),
];

/** A column whose header carries data: a price's currency or region, an option's or image's index. */
export type DynamicColumn =
  | { type: 'currency-price'; currency: string }
  | { type: 'region-price'; region: string; currency: string }
  | { type: 'option'; index: number; part: 'Name' | 'Value' }
  | { type: 'image'; index: number }
  | { type: 'sales-channel'; index: number; part: 'Id' | 'Name' | 'Description' }
  | { type: 'category'; index: number; part: 'Handle' | 'Name' | 'Description' };

export const dynamicHeader = (column: DynamicColumn): string => {
  switch (column.type) {
    case 'currency-price':
      return `Price ${column.currency.toUpperCase()}`;
    case 'region-price':
      return `Price ${column.region} [${column.currency.toUpperCase()}]`;
    case 'option':
      return `Option ${column.index} ${column.part}`;
    case 'image':
      return `Image ${column.index} Url`;
    case 'sales-channel':
      return `Sales Channel ${column.index} ${column.part}`;
    case 'category':
      return `Product Category ${column.index} ${column.part}`;
  }
};

const DYNAMIC_PATTERNS: [RegExp, (m: RegExpExecArray) => DynamicColumn][] = [
  [/^Price (.+) \[([A-Za-z]{3})\]$/, (m) => ({ type: 'region-price', region: m[1]!, currency: m[2]!.toLowerCase() })],
  [/^Price ([A-Za-z]{3})$/, (m) => ({ type: 'currency-price', currency: m[1]!.toLowerCase() })],
  [/^Option (\d+) (Name|Value)$/, (m) => ({ type: 'option', index: Number(m[1]), part: m[2] as 'Name' | 'Value' })],
  [/^Image (\d+) Url$/, (m) => ({ type: 'image', index: Number(m[1]) })],
  [/^Sales Channel (\d+) (Id|Name|Description)$/, (m) => ({ type: 'sales-channel', index: Number(m[1]), part: m[2] as 'Id' })],
  [/^Product Category (\d+) (Handle|Name|Description)$/, (m) => ({ type: 'category', index: Number(m[1]), part: m[2] as 'Handle' })],
];

export type HeaderColumn = { kind: 'fixed'; column: FixedColumn } | { kind: 'dynamic'; column: DynamicColumn };

const FIXED_BY_HEADER = new Map(FIXED_COLUMNS.map((column) => [column.header, column]));

/** What a header means, or null when it is not a column of this format. */
export function parseHeader(header: string): HeaderColumn | null {
  const fixed = FIXED_BY_HEADER.get(header.trim());
  if (fixed) return { kind: 'fixed', column: fixed };
  for (const [pattern, build] of DYNAMIC_PATTERNS) {
    const match = pattern.exec(header.trim());
    if (match) return { kind: 'dynamic', column: build(match) };
  }
  return null;
}

/** Medusa's message for an unknown column, with the closest known one when there is one. */
export function unknownColumnMessage(header: string, known: readonly string[] = FIXED_COLUMNS.map((c) => c.header)): string {
  const suggestion = closest(header, known);
  return (
    `The csv file parsing failed due to: Unable to treat column ${header} from the csv file. ` +
    `No target column found in the provided schema` + (suggestion ? ` (did you mean '${suggestion}'?)` : '')
  );
}
