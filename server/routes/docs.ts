/** The API reference: an OpenAPI document generated from the same zod schemas the routes validate with. */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Open Book CLV API',
        version: '1',
        description:
          'Vendors push customers and orders and mint embed tokens with an API key; the widget reads the ' +
          "token's customer with an embed token. Errors are `{\"error\": {\"code\", \"message\", \"details\"}}`. " +
          'Money is in integer minor units of the tenant currency.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'the API key printed by `openbook tenant create`' },
          embedToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'an embed token (HS256, typ openbook-embed+jwt)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
}

export async function registerDocsPage(app: FastifyInstance) {
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());
}
