/**
 * The demo vendor's catalogue (the products of generate.ts and its plans, with https links), and a planted
 * co-purchase structure for the suggestions to find: customers with Invoicing take Payroll too (80% in
 * logistics, 20% elsewhere), customers with CRM take Analytics (70%). Planting only changes which products
 * the generated orders' items name (an item may be split in two), never an order's amount, so every figure
 * of the demo stays as generated.
 */
import type { OrderInput } from '../shared/schemas/orders.ts';
import type { CustomerInput } from '../shared/schemas/customers.ts';
import type { ProductInput } from '../shared/schemas/products.ts';
import { mulberry32 } from '../shared/random.ts';
import { DEMO_PRODUCTS } from './generate.ts';

const SITE = 'https://acme-cloud.example/products';

const DETAILS: Record<(typeof DEMO_PRODUCTS)[number]['sku'], { category: string; margin: number; slug: string }> = {
  'INV-01': { category: 'finance', margin: 0.82, slug: 'invoicing' },
  'PAY-01': { category: 'finance', margin: 0.74, slug: 'payroll' },
  'ANL-01': { category: 'insight', margin: 0.78, slug: 'analytics' },
  'CRM-01': { category: 'sales', margin: 0.7, slug: 'crm' },
  'INT-01': { category: 'platform', margin: 0.9, slug: 'integrations' },
  'SUP-01': { category: 'service', margin: 0.45, slug: 'priority-support' },
};

export const DEMO_CATALOGUE: ProductInput[] = [
  ...DEMO_PRODUCTS.map((product) => ({
    sku: product.sku,
    name: product.name,
    price: product.price,
    category: DETAILS[product.sku].category,
    margin: DETAILS[product.sku].margin,
    url: `${SITE}/${DETAILS[product.sku].slug}`,
    // Support is sold by the account team, not suggested in the product.
    suggest: product.sku !== 'SUP-01',
  })),
  // The subscription plans of generate.ts (monthly prices), each with the next one up.
  { sku: 'starter', name: 'Starter plan', category: 'plan', price: 2900, url: `${SITE}/plans#starter`, suggest: true, upgradeTo: 'growth' },
  { sku: 'growth', name: 'Growth plan', category: 'plan', price: 9900, url: `${SITE}/plans#growth`, suggest: true, upgradeTo: 'enterprise' },
  { sku: 'enterprise', name: 'Enterprise plan', category: 'plan', price: 29900, url: `${SITE}/plans#enterprise`, suggest: true },
];

const PLANTED = [
  { from: 'INV-01', to: 'PAY-01', share: (industry: string | null | undefined) => (industry === 'logistics' ? 0.8 : 0.2), instead: 'INT-01' },
  { from: 'CRM-01', to: 'ANL-01', share: () => 0.7, instead: 'INT-01' },
] as const;

/** Rewrites which products orders' items name so that the planted pairs hold; deterministic for a seed. */
export function plantCoPurchases(data: { customers: CustomerInput[]; orders: OrderInput[] }, seed = 42): void {
  const random = mulberry32(seed + 7);
  const ordersOf = new Map<string, OrderInput[]>();
  for (const order of data.orders) {
    const list = ordersOf.get(order.customerId) ?? [];
    list.push(order);
    ordersOf.set(order.customerId, list);
  }
  const has = (order: OrderInput, sku: string) => order.items.some((item) => item.sku === sku);
  for (const customer of data.customers) {
    const orders = ordersOf.get(customer.externalId) ?? [];
    for (const { from, to, share, instead } of PLANTED) {
      const start = orders.findIndex((order) => has(order, from));
      // Nothing to plant without the antecedent; a customer whose favourite is the partner owns both anyway.
      if (start < 0 || orders[start]?.items[0]?.sku === to) continue;
      const adopts = random() < share(customer.industry);
      orders.forEach((order, n) => {
        const [first, second] = order.items;
        if (!first || first.sku === to) return;
        if (!adopts) {
          if (second?.sku === to) second.sku = instead;
          return;
        }
        // From the order with the antecedent on, the partner joins most orders (that first one for sure).
        if (n < start || has(order, to) || (n > start && random() >= 0.6)) return;
        if (second && second.sku !== from) {
          second.sku = to;
          return;
        }
        const part = Math.round(first.amount * 0.3);
        first.amount -= part;
        order.items.push({ sku: to, quantity: 1, amount: part });
      });
    }
  }
}
