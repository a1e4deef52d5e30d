// Test support (imported by *.test.ts only): the API schema as AppSync serves it,
// AppSync's built-ins plus every schema file, to validate the documents the Lambdas send.
import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function loadApiSchema(): GraphQLSchema {
  const builtins = readFileSync(new URL('aws/appsync-builtins.graphql', SCHEMA_DIR), 'utf8');
  const files = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.graphql'));
  const sdl = files.map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8')).join('\n');
  return buildSchema(`${builtins}\n${sdl}`);
}
