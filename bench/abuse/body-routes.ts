// The public routes that take a body, as the running gateway documents them (/docs-json): every
// POST, PUT and PATCH operation, path parameters filled with a plausible id.

export type BodyMethod = 'POST' | 'PUT' | 'PATCH';

export interface BodyRoute {
  readonly method: BodyMethod;
  /** Ready to request: `{id}` and the like replaced. */
  readonly path: string;
  /** Documents a Stripe-Signature header: a webhook route that authenticates by signature. */
  readonly signed: boolean;
}

interface DocumentedOperation {
  readonly parameters?: ReadonlyArray<{ readonly name?: string; readonly in?: string }>;
}

interface DocumentedApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, DocumentedOperation>>>>;
}

const BODY_METHODS: readonly BodyMethod[] = ['POST', 'PUT', 'PATCH'];

export async function bodyRoutes(gatewayUrl: string): Promise<BodyRoute[]> {
  const response = await fetch(`${gatewayUrl}/docs-json`);
  if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
  const api = (await response.json()) as DocumentedApi;
  return Object.entries(api.paths).flatMap(([path, item]) =>
    BODY_METHODS.flatMap((method) => {
      const operation = item[method.toLowerCase()];
      if (operation === undefined) return [];
      const signed = (operation.parameters ?? []).some(
        (p) => p.in === 'header' && p.name?.toLowerCase() === 'stripe-signature',
      );
      return [{ method, path: path.replace(/\{[^{}]*\}/g, 'abuse0000000000000000000001'), signed }];
    }),
  );
}
