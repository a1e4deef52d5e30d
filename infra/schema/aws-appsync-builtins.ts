// What AppSync declares for every schema, and a deployed schema must not: the
// AWS scalars and the auth/subscription directives. One file, shared with the
// sandbox and codegen; used here only to validate the merged schema at synth.
import { readFileSync } from 'node:fs';

export const APPSYNC_BUILTINS_SDL = readFileSync(new URL('../../schema/aws/appsync-builtins.graphql', import.meta.url), 'utf8');
