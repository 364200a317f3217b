// The catalog's tables as Kysely sees them: everything the four CSV formats carry. Amounts are
// integers in minor units; booleans are 0/1 (SQLite).
import type { Generated } from 'kysely';

export interface RegionTable { id: string; name: string; currency_code: string }
export interface SalesChannelTable { id: string; name: string; description: string | null }
export interface CollectionTable { id: string; title: string; handle: string }
export interface ProductTypeTable { id: string; value: string }
export interface TagTable { id: string; value: string }
export interface CategoryTable { id: string; handle: string; name: string; description: string | null }
export interface ShippingProfileTable { id: string; name: string; type: string }

/** Shipping and customs details, which products and variants both carry (Medusa's columns). */
export interface ShippingDetails {
  weight: number | null;
  length: number | null;
  width: number | null;
  height: number | null;
  hs_code: string | null;
  origin_country: string | null;
  mid_code: string | null;
  material: string | null;
}

export interface ProductTable extends ShippingDetails {
  id: string;
  handle: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  status: string;
  thumbnail: string | null;
  collection_id: string | null;
  type_id: string | null;
  discountable: number;
  external_id: string | null;
  profile_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProductTagTable { product_id: string; tag_id: string; rank: number }
export interface ProductOptionTable { id: string; product_id: string; title: string; rank: number }
export interface ProductImageTable { product_id: string; url: string; rank: number }
export interface ProductSalesChannelTable { product_id: string; sales_channel_id: string; rank: number }
export interface ProductCategoryTable { product_id: string; category_id: string; rank: number }

export interface VariantTable extends ShippingDetails {
  id: string;
  product_id: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  inventory_quantity: number;
  allow_backorder: number;
  manage_inventory: number;
  rank: number;
}

export interface VariantOptionValueTable { variant_id: string; option_id: string; value: string }

/** A price: by currency (region_id null) or by region; in a price list when price_list_id is set. */
export interface MoneyAmountTable {
  id: Generated<number>;
  variant_id: string;
  currency_code: string;
  region_id: string | null;
  price_list_id: string | null;
  amount: number;
}

export interface PriceListTable { id: string; name: string; description: string | null }

export interface CustomerTable { id: string; email: string; first_name: string | null; last_name: string | null }

export interface OrderTable {
  id: string;
  display_id: number;
  status: string;
  fulfillment_status: string;
  payment_status: string;
  created_at: string;
  customer_id: string;
  email: string;
  currency_code: string;
  region_id: string | null;
  sales_channel_id: string | null;
  shipping_address_1: string | null;
  shipping_address_2: string | null;
  shipping_country_code: string | null;
  shipping_city: string | null;
  shipping_postal_code: string | null;
  subtotal: number;
  shipping_total: number;
  discount_total: number;
  gift_card_total: number;
  refunded_total: number;
  tax_total: number;
  total: number;
}

export interface CatalogDatabase {
  region: RegionTable;
  sales_channel: SalesChannelTable;
  product_collection: CollectionTable;
  product_type: ProductTypeTable;
  product_tag: TagTable;
  product_category: CategoryTable;
  shipping_profile: ShippingProfileTable;
  product: ProductTable;
  product_tags: ProductTagTable;
  product_option: ProductOptionTable;
  product_image: ProductImageTable;
  product_sales_channel: ProductSalesChannelTable;
  product_category_product: ProductCategoryTable;
  product_variant: VariantTable;
  product_option_value: VariantOptionValueTable;
  money_amount: MoneyAmountTable;
  price_list: PriceListTable;
  customer: CustomerTable;
  order: OrderTable;
}
