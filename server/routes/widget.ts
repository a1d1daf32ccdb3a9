/** Serves the built widget (`npm run build` writes dist/widget/) at /widget/, for any page to load. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const WIDGET_DIR = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

export default async function widgetRoutes(app: FastifyInstance) {
  if (!existsSync(WIDGET_DIR)) app.log.warn(`no built widget in ${WIDGET_DIR}: run "npm run build"`);

  app.get('/widget/*', {
    config: { auth: 'none' },
    schema: { tags: ['widget'], summary: 'The built widget: openbook-clv.js and its lazily loaded chunks', params: z.object({ '*': z.string() }) },
    handler: async (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      // Vendors load the widget from their own pages; the files hold no data.
      reply.header('Access-Control-Allow-Origin', '*');
      reply.header('Cache-Control', file.startsWith('chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      // sendFile resolves inside WIDGET_DIR only (no ../ escapes) and answers 404 for missing files.
      return reply.sendFile(file, WIDGET_DIR);
    },
  });
}
