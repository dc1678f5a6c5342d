import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { isOpsPath } from '@vantage/service-runtime';
import { API_KEY_SCHEME, BEARER_SCHEME } from '../shared/openapi';
import { refineOpenApiDocument } from './openapi-refinements';

/** OpenAPI 3 at /docs (Swagger UI) and /docs-json, built from the controllers' decorators. */
export function configureOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Vantage API')
    .setDescription(
      'Watch product traffic: ingest it, forecast it, flag what breaks, bill for it and report on ' +
        'it. Every error is answered as application/problem+json (RFC 9457). Rate limits are ' +
        'reported in X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset. No string ' +
        'of a JSON body may hold U+0000 (NUL): such a body is refused with 400.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from /api/v1/auth/login, or an API key (vk_live_...)',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (vk_live_...)' },
      API_KEY_SCHEME,
    )
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () => withoutOpsPaths(refineOpenApiDocument(SwaggerModule.createDocument(app, config), app)),
    {
      jsonDocumentUrl: 'docs-json',
      raw: ['json'],
    },
  );
}

/** Probes and /metrics answer on the ops port only: they are no part of the public API. */
function withoutOpsPaths(document: OpenAPIObject): OpenAPIObject {
  document.paths = Object.fromEntries(
    Object.entries(document.paths).filter(([path]) => !isOpsPath(path)),
  );
  return document;
}
