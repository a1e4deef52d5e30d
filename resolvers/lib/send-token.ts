import { util } from '@aws-appsync/utils';

/** How long a clientToken makes sendMessage idempotent (README: 24 h). */
export const SEND_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/**
 * The `contentHash` of a send token. APPSYNC_JS has no crypto digest, and a
 * hand-rolled non-cryptographic hash would both collide (letting a reused token
 * with different content replay silently) and spend the resolver's time budget
 * looping over up to 32,000 characters. So the "hash" is the content itself,
 * prefixed with a scheme tag so a real digest can replace it later without
 * ambiguity: comparison is exact, and even at the 32,000-character limit
 * (<= 96 KB of UTF-8) the token item, which also holds a copy of the user
 * message, stays far below DynamoDB's 400 KB item limit.
 */
export function contentHash(content: string): string {
  return `raw:${content}`;
}

export function sendTokenExpiresAt(): number {
  return util.time.nowEpochSeconds() + SEND_TOKEN_TTL_SECONDS;
}
