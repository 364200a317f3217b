// The catalog's migrations, run at start-up by openCatalog. Append new ones; never edit old ones.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<any>) {
    const text = 'text';
    await db.schema.createTable('region').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull().unique()).addColumn('currency_code', text, (c) => c.notNull()).execute();
    await db.schema.createTable('sales_channel').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull()).addColumn('description', text).execute();
    await db.schema.createTable('product_collection').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('title', text, (c) => c.notNull()).addColumn('handle', text, (c) => c.notNull().unique()).execute();
    await db.schema.createTable('product_type').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('value', text, (c) => c.notNull().unique()).execute();
    await db.schema.createTable('product_tag').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('value', text, (c) => c.notNull().unique()).execute();
    await db.schema.createTable('product_category').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('handle', text, (c) => c.notNull().unique()).addColumn('name', text, (c) => c.notNull())
      .addColumn('description', text).execute();
    await db.schema.createTable('shipping_profile').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull()).addColumn('type', text, (c) => c.notNull()).execute();

    await db.schema.createTable('product')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('handle', text, (c) => c.notNull().unique())
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('subtitle', text).addColumn('description', text)
      .addColumn('status', text, (c) => c.notNull().defaultTo('draft'))
      .addColumn('thumbnail', text)
      .addColumn('weight', 'real').addColumn('length', 'real').addColumn('width', 'real').addColumn('height', 'real')
      .addColumn('hs_code', text).addColumn('origin_country', text).addColumn('mid_code', text).addColumn('material', text)
      .addColumn('collection_id', text, (c) => c.references('product_collection.id'))
      .addColumn('type_id', text, (c) => c.references('product_type.id'))
      .addColumn('discountable', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('external_id', text)
      .addColumn('profile_id', text, (c) => c.references('shipping_profile.id'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('product_title').on('product').column('title').execute();

    const link = async (table: string, left: string, right: string) => {
      await db.schema.createTable(table)
        .addColumn(left, text, (c) => c.notNull().references(`product.id`).onDelete('cascade'))
        .addColumn(right, text, (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint(`${table}_pk`, [left, right])
        .execute();
    };
    await link('product_tags', 'product_id', 'tag_id');
    await link('product_sales_channel', 'product_id', 'sales_channel_id');
    await link('product_category_product', 'product_id', 'category_id');
    await link('product_image', 'product_id', 'url');

    await db.schema.createTable('product_option').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('product_id', text, (c) => c.notNull().references('product.id').onDelete('cascade'))
      .addColumn('title', text, (c) => c.notNull()).addColumn('rank', 'integer', (c) => c.notNull())
      .addUniqueConstraint('product_option_title', ['product_id', 'title']).execute();

    await db.schema.createTable('product_variant')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('product_id', text, (c) => c.notNull().references('product.id').onDelete('cascade'))
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('sku', text, (c) => c.unique())
      .addColumn('barcode', text)
      .addColumn('inventory_quantity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('allow_backorder', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('manage_inventory', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('weight', 'real').addColumn('length', 'real').addColumn('width', 'real').addColumn('height', 'real')
      .addColumn('hs_code', text).addColumn('origin_country', text).addColumn('mid_code', text).addColumn('material', text)
      .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('product_variant_product').on('product_variant').columns(['product_id', 'rank']).execute();

    await db.schema.createTable('product_option_value')
      .addColumn('variant_id', text, (c) => c.notNull().references('product_variant.id').onDelete('cascade'))
      .addColumn('option_id', text, (c) => c.notNull().references('product_option.id').onDelete('cascade'))
      .addColumn('value', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('product_option_value_pk', ['variant_id', 'option_id']).execute();

    await db.schema.createTable('price_list').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull()).addColumn('description', text).execute();

    await db.schema.createTable('money_amount')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('variant_id', text, (c) => c.notNull().references('product_variant.id').onDelete('cascade'))
      .addColumn('currency_code', text, (c) => c.notNull())
      .addColumn('region_id', text, (c) => c.references('region.id'))
      .addColumn('price_list_id', text, (c) => c.references('price_list.id').onDelete('cascade'))
      .addColumn('amount', 'integer', (c) => c.notNull())
      .execute();
    // One price per variant, currency, region and list: re-running an import replaces, never duplicates.
    await sql`create unique index money_amount_unique on money_amount
      (variant_id, currency_code, coalesce(region_id, ''), coalesce(price_list_id, ''))`.execute(db);

    await db.schema.createTable('customer').addColumn('id', text, (c) => c.primaryKey())
      .addColumn('email', text, (c) => c.notNull()).addColumn('first_name', text).addColumn('last_name', text).execute();

    await db.schema.createTable('order')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('display_id', 'integer', (c) => c.notNull().unique())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('fulfillment_status', text, (c) => c.notNull())
      .addColumn('payment_status', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('customer_id', text, (c) => c.notNull().references('customer.id'))
      .addColumn('email', text, (c) => c.notNull())
      .addColumn('currency_code', text, (c) => c.notNull())
      .addColumn('region_id', text, (c) => c.references('region.id'))
      .addColumn('sales_channel_id', text, (c) => c.references('sales_channel.id'))
      .addColumn('shipping_address_1', text).addColumn('shipping_address_2', text)
      .addColumn('shipping_country_code', text).addColumn('shipping_city', text).addColumn('shipping_postal_code', text)
      .addColumn('subtotal', 'integer', (c) => c.notNull()).addColumn('shipping_total', 'integer', (c) => c.notNull())
      .addColumn('discount_total', 'integer', (c) => c.notNull()).addColumn('gift_card_total', 'integer', (c) => c.notNull())
      .addColumn('refunded_total', 'integer', (c) => c.notNull()).addColumn('tax_total', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('order_email').on('order').column('email').execute();
  },
};

// Exports page through products and orders in (created_at, id) order; without these indexes every
// page sorted the whole table again.
const keysetIndexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('product_created_at_id').on('product').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('order_created_at_id').on('order').columns(['created_at', 'id']).execute();
  },
};

export const catalogMigrations: MigrationProvider = {
  async getMigrations() {
    return { '0001_initial': initial, '0002_keyset_indexes': keysetIndexes };
  },
};
