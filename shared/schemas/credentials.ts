import { z } from 'zod';
import { ExternalIdSchema } from './common.ts';

/** Embed key ids as the server makes them (`ek_...`); also what a token's `kid` must look like. */
export const EmbedKeyIdSchema = z.string().regex(/^[\w-]{1,64}$/, 'an embed key id such as ek_AbC123');

/** Neither route takes a body; an empty JSON object is accepted, anything in it is refused. */
export const NoBodySchema = z.strictObject({}).optional();

export const EmbedKeyCreatedSchema = z.object({
  embedKeyId: z.string().describe('goes in the `kid` header of the tokens this key signs'),
  embedSecret: z.string().describe('the HS256 secret, shown once: keep it on your backend'),
  createdAt: z.string().describe('from now on POST /v1/embed-tokens signs with this key (the newest active one)'),
});
export type EmbedKeyCreated = z.infer<typeof EmbedKeyCreatedSchema>;

export const EmbedKeyRetiredSchema = z.object({
  embedKeyId: z.string(),
  retiredAt: z.string().describe('tokens signed with this key are refused from this instant'),
});
export type EmbedKeyRetired = z.infer<typeof EmbedKeyRetiredSchema>;

export const TokensRevokedSchema = z.object({
  customerId: ExternalIdSchema,
  tokensValidAfter: z
    .string()
    .describe('embed tokens of this customer with an `iat` before this instant are refused; tokens signed after it, by POST /v1/embed-tokens or by you, are accepted'),
});
export type TokensRevoked = z.infer<typeof TokensRevokedSchema>;
