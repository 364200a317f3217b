// Read routes over the catalog, in Medusa's shapes, to see what imports did.
import { adminSecurity, jsonResponse } from './openapi-helpers';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Catalog } from '../catalog/database';
import { countProducts, filterProducts, loadProducts, type ProductDetails } from '../catalog/products';
import type { AuthVariables } from './auth';
import { notFound } from './http-errors';
import { ErrorSchema } from './schemas';

const security = adminSecurity;
const tags = ['Catalog'];
const json = jsonResponse;
const errors = { 400: json(ErrorSchema, 'Invalid input'), 401: json(ErrorSchema, 'Missing or invalid API token'), 404: json(ErrorSchema, 'Not found') };
const AnyObject = z.record(z.string(), z.unknown());

/** A product as Medusa's admin API shows it (the fields the CSV formats carry). */
export function toMedusaProduct(p: ProductDetails) {
  return {
    id: p.id, title: p.title, subtitle: p.subtitle, description: p.description, handle: p.handle, status: p.status,
    thumbnail: p.thumbnail, weight: p.weight, length: p.length, width: p.width, height: p.height, hs_code: p.hs_code,
    origin_country: p.origin_country, mid_code: p.mid_code, material: p.material,
    collection_id: p.collection_id,
    collection: p.collection_id ? { id: p.collection_id, title: p.collection_title, handle: p.collection_handle } : null,
    type_id: p.type_id, type: p.type_id ? { id: p.type_id, value: p.type } : null,
    tags: p.tags.map((value) => ({ value })),
    discountable: p.discountable === 1, external_id: p.external_id,
    profile_id: p.profile_id, profile: p.profile_id ? { id: p.profile_id, name: p.profile_name, type: p.profile_type } : null,
    images: p.images.map((url) => ({ url })),
    options: p.options.map((o) => ({ id: o.id, title: o.title, values: p.variants.filter((v) => o.id in v.option_values).map((v) => ({ variant_id: v.id, value: v.option_values[o.id] })) })),
    variants: p.variants.map((v) => ({
      id: v.id, title: v.title, product_id: v.product_id, sku: v.sku, barcode: v.barcode, inventory_quantity: v.inventory_quantity,
      allow_backorder: v.allow_backorder === 1, manage_inventory: v.manage_inventory === 1,
      weight: v.weight, length: v.length, width: v.width, height: v.height, hs_code: v.hs_code, origin_country: v.origin_country,
      mid_code: v.mid_code, material: v.material,
      prices: v.prices.map((price) => ({ currency_code: price.currency_code, amount: price.amount, region_id: price.region_id })),
      options: Object.entries(v.option_values).map(([option_id, value]) => ({ option_id, value })),
    })),
    sales_channels: p.sales_channels,
    categories: p.categories,
    created_at: p.created_at, updated_at: p.updated_at,
  };
}

const listProductsRoute = createRoute({
  method: 'get', path: '/admin/products', tags, security, summary: 'List products',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(0).max(1000).default(50),
      offset: z.coerce.number().int().min(0).default(0),
      q: z.string().optional(),
      handle: z.string().optional(),
    }).strict(),
  },
  responses: { 200: json(z.object({ products: z.array(AnyObject), count: z.number(), offset: z.number(), limit: z.number() }), 'A page of products'), ...errors },
});

const getProductRoute = createRoute({
  method: 'get', path: '/admin/products/{id}', tags, security, summary: 'Retrieve a product',
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: json(z.object({ product: AnyObject }), 'The product'), ...errors },
});

const getPriceListRoute = createRoute({
  method: 'get', path: '/admin/price-lists/{id}', tags, security, summary: 'Retrieve a price list with its prices',
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: json(z.object({ price_list: AnyObject }), 'The price list'), ...errors },
});

export function registerCatalogRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, catalog: Catalog): void {
  app.openapi(listProductsRoute, async (c) => {
    const { limit, offset, q, handle } = c.req.valid('query');
    const filter = { q, handle };
    const ids = await filterProducts(catalog.selectFrom('product'), filter).select('product.id')
      .orderBy('product.created_at').orderBy('product.id').limit(limit).offset(offset).execute();
    const products = await loadProducts(catalog, ids.map((r) => r.id));
    return c.json({ products: products.map(toMedusaProduct), count: await countProducts(catalog, filter), offset, limit }, 200);
  });
  app.openapi(getProductRoute, async (c) => {
    const [product] = await loadProducts(catalog, [c.req.valid('param').id]);
    if (!product) throw notFound(`Product with id ${c.req.valid('param').id} was not found`);
    return c.json({ product: toMedusaProduct(product) }, 200);
  });
  app.openapi(getPriceListRoute, async (c) => {
    const { id } = c.req.valid('param');
    const list = await catalog.selectFrom('price_list').selectAll().where('id', '=', id).executeTakeFirst();
    if (!list) throw notFound(`Price list with id ${id} was not found`);
    const prices = await catalog.selectFrom('money_amount').select(['id', 'variant_id', 'currency_code', 'region_id', 'amount'])
      .where('price_list_id', '=', id).orderBy('id').execute();
    return c.json({ price_list: { ...list, prices } }, 200);
  });
}
