// Automatic ARIMA order selection in the manner of auto.arima (Hyndman and Khandakar 2008):
// differencing orders from tests, then a stepwise search over (p, q, P, Q) and the constant that
// moves to any neighbour with a lower AICc, bounded in the number of models fitted.
import { ArimaOrder, FittedArima, difference, fitArima } from './arima-fit';
import { regularDifferences, seasonalDifferences } from './unit-root-tests';

const MAX_P = 5;
const MAX_Q = 5;
const MAX_SEASONAL_P = 2;
const MAX_SEASONAL_Q = 2;
const MAX_ORDER_SUM = 5;
/** Keeps the search bounded on long seasonal series (auto.arima allows 94). */
const MAX_MODELS = 40;
const MIN_ROOT_MODULUS = 1.01;

export interface AutoArimaOptions {
  readonly maxModels?: number;
}

export function autoArima(
  y: ArrayLike<number>,
  m: number,
  options: AutoArimaOptions = {},
): FittedArima | undefined {
  const seasonalPeriod = m >= 2 && y.length >= 2 * m + 1 ? m : 1;
  const D = seasonalPeriod > 1 ? seasonalDifferences(y, seasonalPeriod) : 0;
  const afterSeasonal = D > 0 ? difference(y, seasonalPeriod) : Float64Array.from(y);
  const d = regularDifferences(afterSeasonal);
  const maxModels = options.maxModels ?? MAX_MODELS;
  const allowConstant = d + D <= 1;
  const seasonal = seasonalPeriod > 1;

  const cache = new Map<string, FittedArima | undefined>();
  const keyOf = (o: ArimaOrder): string => `${o.p},${o.q},${o.P},${o.Q},${o.constant}`;
  let best: FittedArima | undefined;
  const tryOrder = (order: ArimaOrder): boolean => {
    const key = keyOf(order);
    if (cache.has(key) || cache.size >= maxModels) return false;
    if (!isAllowed(order, seasonal, allowConstant)) return false;
    const fit = fitArima(y, order);
    const usable = fit !== undefined && fit.smallestRoot >= MIN_ROOT_MODULUS ? fit : undefined;
    cache.set(key, usable);
    if (usable !== undefined && (best === undefined || usable.aicc < best.aicc)) {
      best = usable;
      return true;
    }
    return false;
  };
  const base = { d, D, m: seasonalPeriod, constant: allowConstant };
  const starts: ArimaOrder[] = seasonal
    ? [
        { ...base, p: 2, q: 2, P: 1, Q: 1 },
        { ...base, p: 0, q: 0, P: 0, Q: 0 },
        { ...base, p: 1, q: 0, P: 1, Q: 0 },
        { ...base, p: 0, q: 1, P: 0, Q: 1 },
      ]
    : [
        { ...base, p: 2, q: 2, P: 0, Q: 0 },
        { ...base, p: 0, q: 0, P: 0, Q: 0 },
        { ...base, p: 1, q: 0, P: 0, Q: 0 },
        { ...base, p: 0, q: 1, P: 0, Q: 0 },
      ];
  for (const order of starts) tryOrder(order);
  if (allowConstant) tryOrder({ ...base, p: 0, q: 0, P: 0, Q: 0, constant: false });

  for (let moved = true; moved && best !== undefined;) {
    moved = false;
    for (const neighbour of neighbours(best.order, seasonal)) {
      if (tryOrder(neighbour)) {
        moved = true;
        break;
      }
    }
  }
  return best;
}

function isAllowed(order: ArimaOrder, seasonal: boolean, allowConstant: boolean): boolean {
  const { p, q, P, Q } = order;
  if (p < 0 || q < 0 || P < 0 || Q < 0) return false;
  if (p > MAX_P || q > MAX_Q || P > MAX_SEASONAL_P || Q > MAX_SEASONAL_Q) return false;
  if (!seasonal && (P > 0 || Q > 0)) return false;
  if (order.constant && !allowConstant) return false;
  return p + q + P + Q <= MAX_ORDER_SUM;
}

/** auto.arima's neighbourhood: one or both of a pair changed by one, and the constant toggled. */
function neighbours(order: ArimaOrder, seasonal: boolean): ArimaOrder[] {
  const out: ArimaOrder[] = [];
  const pairs: [number, number][] = [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
    [-1, -1],
    [1, 1],
    [-1, 1],
    [1, -1],
  ];
  if (seasonal) {
    for (const [dP, dQ] of pairs) out.push({ ...order, P: order.P + dP, Q: order.Q + dQ });
  }
  for (const [dp, dq] of pairs) out.push({ ...order, p: order.p + dp, q: order.q + dq });
  out.push({ ...order, constant: !order.constant });
  return out;
}
