// One product becomes one CSV line per variant, cells written as Medusa writes them.
import type { ProductDetails, VariantDetails } from '../../catalog/products';
import { formatAmount } from '../money';
import { FIXED_COLUMNS, type CellKind, type DynamicColumn } from './columns';

function formatCell(value: unknown, kind: CellKind): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'list':
      return (value as string[]).join(',');
    default:
      return String(value);
  }
}

function dynamicCell(column: DynamicColumn, product: ProductDetails, variant: VariantDetails | null): string {
  switch (column.type) {
    case 'currency-price':
    case 'region-price': {
      const region = column.type === 'region-price' ? column.region : null;
      const price = variant?.prices.find((p) => p.currency_code === column.currency && p.region_name === region);
      return price ? formatAmount(price.amount, price.currency_code) : '';
    }
    case 'option': {
      const option = product.options[column.index - 1];
      if (!option) return '';
      return column.part === 'Name' ? option.title : (variant?.option_values[option.id] ?? '');
    }
    case 'image':
      return product.images[column.index - 1] ?? '';
    case 'sales-channel': {
      const channel = product.sales_channels[column.index - 1];
      if (!channel) return '';
      return column.part === 'Id' ? channel.id : column.part === 'Name' ? channel.name : (channel.description ?? '');
    }
    case 'category': {
      const category = product.categories[column.index - 1];
      if (!category) return '';
      return column.part === 'Handle' ? category.handle : column.part === 'Name' ? category.name : (category.description ?? '');
    }
  }
}

export function productLines(product: ProductDetails, dynamic: DynamicColumn[]): string[][] {
  const variants: (VariantDetails | null)[] = product.variants.length ? product.variants : [null];
  return variants.map((variant) => [
    ...FIXED_COLUMNS.map(({ target, kind }) => {
      const source = target.entity === 'product' ? product : variant;
      return formatCell(source ? (source as unknown as Record<string, unknown>)[target.field] : null, kind);
    }),
    ...dynamic.map((column) => dynamicCell(column, product, variant)),
  ]);
}
