// Usage: STRIPE_SECRET_KEY=sk_... [STRIPE_API_URL=http://127.0.0.1:12111] npx tsx tools/billing/seed-stripe.ts
//
// Creates Vantage's products and prices in a Stripe account, idempotently: each price is found
// by its lookup key (vantage_<plan>_<monthly|yearly>) and created only when missing, each product
// has a fixed id. Prints the STRIPE_PRICE_* lines the billing service reads. Runs against
// stripe-mock too (which stores nothing, so it "creates" every time).
import Stripe from 'stripe';

interface PriceSeed {
  readonly variable: string;
  readonly lookupKey: string;
  readonly product: ProductSeed;
  readonly unitAmount: number;
  readonly interval: 'month' | 'year';
}

interface ProductSeed {
  readonly id: string;
  readonly name: string;
}

const PRO: ProductSeed = { id: 'vantage_pro', name: 'Vantage Pro' };
const ENTERPRISE: ProductSeed = { id: 'vantage_enterprise', name: 'Vantage Enterprise' };

/** List prices in cents (USD); yearly is ten months' worth. */
export const PRICE_SEEDS: readonly PriceSeed[] = [
  {
    variable: 'STRIPE_PRICE_PRO_MONTHLY',
    lookupKey: 'vantage_pro_monthly',
    product: PRO,
    unitAmount: 4900,
    interval: 'month',
  },
  {
    variable: 'STRIPE_PRICE_PRO_YEARLY',
    lookupKey: 'vantage_pro_yearly',
    product: PRO,
    unitAmount: 49_000,
    interval: 'year',
  },
  {
    variable: 'STRIPE_PRICE_ENTERPRISE_MONTHLY',
    lookupKey: 'vantage_enterprise_monthly',
    product: ENTERPRISE,
    unitAmount: 49_900,
    interval: 'month',
  },
  {
    variable: 'STRIPE_PRICE_ENTERPRISE_YEARLY',
    lookupKey: 'vantage_enterprise_yearly',
    product: ENTERPRISE,
    unitAmount: 499_000,
    interval: 'year',
  },
];

export function stripeFromEnv(env: NodeJS.ProcessEnv): Stripe {
  const key = env['STRIPE_SECRET_KEY'];
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set');
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000 };
  const base = env['STRIPE_API_URL'];
  if (base) {
    const url = new URL(base);
    config.protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.host = url.hostname;
    config.port = url.port || (config.protocol === 'http' ? 80 : 443);
  }
  return new Stripe(key, config);
}

async function ensureProduct(stripe: Stripe, product: ProductSeed): Promise<string> {
  try {
    return (await stripe.products.retrieve(product.id)).id;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.statusCode !== 404)
      throw error;
  }
  const created = await stripe.products.create(
    { id: product.id, name: product.name },
    { idempotencyKey: `seed:product:${product.id}` },
  );
  return created.id;
}

/** The price ids by variable; existing prices are kept, missing ones created. */
export async function seedStripe(
  stripe: Stripe,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const existing = await stripe.prices.list({
    lookup_keys: PRICE_SEEDS.map((seed) => seed.lookupKey),
    active: true,
    limit: 100,
  });
  const ids: Record<string, string> = {};
  for (const seed of PRICE_SEEDS) {
    // Checked by key, not trusted from the filter: a stand-in may answer any list.
    const found = existing.data.find((price) => price.lookup_key === seed.lookupKey);
    if (found) {
      log(`kept ${seed.lookupKey} (${found.id})`);
      ids[seed.variable] = found.id;
      continue;
    }
    const product = await ensureProduct(stripe, seed.product);
    const price = await stripe.prices.create(
      {
        product,
        currency: 'usd',
        unit_amount: seed.unitAmount,
        recurring: { interval: seed.interval },
        lookup_key: seed.lookupKey,
        nickname: `${seed.product.name} (${seed.interval}ly)`,
      },
      { idempotencyKey: `seed:price:${seed.lookupKey}:${seed.unitAmount}` },
    );
    log(`created ${seed.lookupKey} (${price.id})`);
    ids[seed.variable] = price.id;
  }
  return ids;
}

if (require.main === module) {
  seedStripe(stripeFromEnv(process.env), (line) => process.stderr.write(`seed: ${line}\n`)).then(
    (ids) => {
      for (const [variable, id] of Object.entries(ids)) process.stdout.write(`${variable}=${id}\n`);
    },
    (error: unknown) => {
      process.stderr.write(
        `seed-stripe: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
