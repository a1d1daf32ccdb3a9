import { z } from 'zod';
import { ExternalIdSchema } from './common.ts';

export const EMBED_TOKEN_TYPE = 'openbook-embed+jwt';
export const EMBED_TOKEN_AUDIENCE = 'openbook';
export const EMBED_TOKEN_MAX_TTL_SECONDS = 3600;
export const EMBED_TOKEN_DEFAULT_TTL_SECONDS = 900;

export const EmbedRoleSchema = z.enum(['customer', 'rep']);
export type EmbedRole = z.infer<typeof EmbedRoleSchema>;

export const EmbedTokenRequestSchema = z
  .strictObject({
    customerId: ExternalIdSchema,
    role: EmbedRoleSchema.default('customer'),
    repId: ExternalIdSchema.optional(),
    ttlSeconds: z.number().int().min(30).max(EMBED_TOKEN_MAX_TTL_SECONDS).default(EMBED_TOKEN_DEFAULT_TTL_SECONDS),
  })
  .refine((body) => (body.role === 'rep') === (body.repId !== undefined), {
    message: 'repId is required when role is "rep" and only then',
    path: ['repId'],
  });

export const EmbedTokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
});

/** The claims of a verified embed token, as DESIGN.md fixes them. */
export const EmbedClaimsSchema = z.object({
  iss: z.string().min(1),
  aud: z.literal(EMBED_TOKEN_AUDIENCE),
  sub: ExternalIdSchema,
  role: EmbedRoleSchema,
  rep: ExternalIdSchema.optional(),
  iat: z.number().int(),
  exp: z.number().int(),
  nbf: z.number().int().optional(),
  jti: z.string().optional(),
});
export type EmbedClaims = z.infer<typeof EmbedClaimsSchema>;
