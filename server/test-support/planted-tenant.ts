/**
 * A generated tenant with planted co-purchase structure, for the suggestion tests: Invoicing brings Payroll
 * (80% of logistics customers who have Invoicing, 15% of the others), CRM brings Analytics (70%
 * everywhere); everything else is bought independently. Deterministic for a seed and an instant.
 */
import type { CustomerInput } from '../../shared/schemas/customers.ts';
import type { OrderInput } from '../../shared/schemas/orders.ts';
import type { ProductInput } from '../../shared/schemas/products.ts';
import { mulberry32, pick, randomBeta, randomExponential, randomGamma, randomInt } from '../../shared/random.ts';

export const PLANTED_CATALOGUE: ProductInput[] = [
  { sku: 'INV-01', name: 'Invoicing', category: 'finance', price: 4900, margin: 0.8, url: 'https://acme.example/invoicing', suggest: true },
  { sku: 'PAY-01', name: 'Payroll', category: 'finance', price: 9900, margin: 0.7, url: 'https://acme.example/payroll', suggest: true },
  { sku: 'ANL-01', name: 'Analytics', category: 'insight', price: 14900, margin: 0.75, url: 'https://acme.example/analytics', suggest: true },
  { sku: 'CRM-01', name: 'CRM', category: 'sales', price: 7900, margin: 0.6, url: 'https://acme.example/crm', suggest: true },
  { sku: 'INT-01', name: 'Integrations pack', category: 'platform', price: 2900, url: 'https://acme.example/integrations', suggest: true, upgradeTo: 'INT-10' },
  { sku: 'INT-10', name: 'Integrations pack x10', category: 'platform', price: 19900, url: 'https://acme.example/integrations-10', suggest: true },
  { sku: 'SUP-01', name: 'Priority support', category: 'service', price: 19900, suggest: false },
];

export const PLANTED_PAIRS = [
  ['INV-01', 'PAY-01'],
  ['CRM-01', 'ANL-01'],
] as const;

const INDUSTRIES = ['logistics', 'retail', 'finance'] as const;
const DAY_MS = 86_400_000;

export interface PlantedTenant {
  customers: CustomerInput[];
  orders: OrderInput[];
  /** What each customer owns, from the orders above. */
  owned: Map<string, Set<string>>;
}

export function plantedTenant({ customers = 240, seed = 5, asOf }: { customers?: number; seed?: number; asOf: Date }): PlantedTenant {
  const random = mulberry32(seed);
  const price = new Map(PLANTED_CATALOGUE.map((product) => [product.sku, product.price]));
  const data: PlantedTenant = { customers: [], orders: [], owned: new Map() };
  for (let index = 1; index <= customers; index += 1) {
    const id = `c${String(index).padStart(4, '0')}`;
    const industry = pick(random, INDUSTRIES);
    data.customers.push({ externalId: id, name: `Customer ${index}`, industry, size: pick(random, ['1-10', '11-50', '51-200'] as const), plan: pick(random, ['starter', 'growth'] as const) });
    const products = [pick(random, ['INV-01', 'CRM-01', 'INT-01'] as const) as string];
    const add = (sku: string) => {
      if (!products.includes(sku)) products.push(sku);
    };
    for (const sku of ['INV-01', 'CRM-01', 'INT-01', 'SUP-01']) if (random() < 0.1) add(sku);
    if (products.includes('INV-01') && random() < (industry === 'logistics' ? 0.8 : 0.15)) add('PAY-01');
    if (products.includes('CRM-01') && random() < 0.7) add('ANL-01');
    if (products.includes('INT-01') && random() < 0.2) add('INT-10');

    // Purchases as BG/NBD has them (a rate per customer, a chance to drop out after each repeat purchase),
    // from a first order up to two years ago; each product joins at some order and is in most orders after.
    const rate = randomGamma(random, 0.9, 9);
    const dropout = randomBeta(random, 0.6, 4.5);
    const days: number[] = [];
    for (let day = asOf.getTime() - randomInt(random, 30, 730) * DAY_MS; day < asOf.getTime() && days.length < 40; day += randomExponential(random, rate) * 7 * DAY_MS) {
      days.push(day);
      if (days.length > 1 && random() < dropout) break;
    }
    const joins = new Map(products.map((sku, i) => [sku, i === 0 ? 0 : randomInt(random, 0, Math.max(0, days.length - 1))]));
    days.forEach((day, n) => {
      const skus = products.filter((sku) => joins.get(sku) === n || ((joins.get(sku) ?? 0) < n && random() < 0.8));
      if (skus.length === 0) skus.push(products[0] ?? 'INV-01');
      const items = skus.map((sku) => ({ sku, quantity: 1, amount: price.get(sku) ?? 0 }));
      data.orders.push({
        externalId: `${id}-o${n + 1}`,
        customerId: id,
        occurredAt: new Date(Math.floor(day / 1000) * 1000).toISOString(),
        amount: items.reduce((sum, item) => sum + item.amount, 0),
        status: 'paid',
        items,
      });
    });
    data.owned.set(id, new Set(data.orders.filter((order) => order.customerId === id).flatMap((order) => order.items.map((item) => item.sku))));
  }
  return data;
}
