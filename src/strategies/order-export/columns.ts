// The order export's columns, Medusa's, in order: the one place that knows them. Totals stay in
// minor units, as Medusa writes them.
import type { OrderRow } from '../../catalog/orders';

export const ORDER_COLUMNS: readonly { header: string; cell: (order: OrderRow) => string | number | null }[] = [
  { header: 'Order_ID', cell: (o) => o.id },
  { header: 'Display_ID', cell: (o) => o.display_id },
  { header: 'Order status', cell: (o) => o.status },
  { header: 'Date', cell: (o) => o.created_at },
  { header: 'Customer First name', cell: (o) => o.first_name },
  { header: 'Customer Last name', cell: (o) => o.last_name },
  { header: 'Customer Email', cell: (o) => o.email },
  { header: 'Customer ID', cell: (o) => o.customer_id },
  { header: 'Shipping Address 1', cell: (o) => o.shipping_address_1 },
  { header: 'Shipping Address 2', cell: (o) => o.shipping_address_2 },
  { header: 'Shipping Country Code', cell: (o) => o.shipping_country_code },
  { header: 'Shipping City', cell: (o) => o.shipping_city },
  { header: 'Shipping Postal Code', cell: (o) => o.shipping_postal_code },
  { header: 'Shipping Region ID', cell: (o) => o.region_id },
  { header: 'Fulfillment Status', cell: (o) => o.fulfillment_status },
  { header: 'Payment Status', cell: (o) => o.payment_status },
  { header: 'Subtotal', cell: (o) => o.subtotal },
  { header: 'Shipping Total', cell: (o) => o.shipping_total },
  { header: 'Discount Total', cell: (o) => o.discount_total },
  { header: 'Gift Card Total', cell: (o) => o.gift_card_total },
  { header: 'Refunded Total', cell: (o) => o.refunded_total },
  { header: 'Tax Total', cell: (o) => o.tax_total },
  { header: 'Total', cell: (o) => o.total },
  { header: 'Currency Code', cell: (o) => o.currency_code },
  { header: 'Sales channel name', cell: (o) => o.sales_channel_name },
  { header: 'Sales channel description', cell: (o) => o.sales_channel_description },
];

export const orderLine = (order: OrderRow): string[] => ORDER_COLUMNS.map(({ cell }) => String(cell(order) ?? ''));
