// Test support (imported by *.test.ts only): the API schema as AppSync serves it,
// AppSync's built-ins plus every schema file, to validate the documents the Lambdas send.
import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType, Kind, parse, type GraphQLObjectType, type GraphQLSchema, type SelectionNode } from 'graphql';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function loadApiSchema(): GraphQLSchema {
  const builtins = readFileSync(new URL('aws/appsync-builtins.graphql', SCHEMA_DIR), 'utf8');
  const files = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.graphql'));
  const sdl = files.map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8')).join('\n');
  return buildSchema(`${builtins}\n${sdl}`);
}

/**
 * Fields of the operation's root field's type (and of its object-typed fields) that `document`
 * does not select. A publish mutation must select them all: subscribers get only what it selects.
 */
export function unselectedFields(schema: GraphQLSchema, document: string): string[] {
  const missing: string[] = [];
  const operation = parse(document).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const rootType = operation && schema.getRootType(operation.operation);
  const rootSelection = operation?.selectionSet.selections[0];
  if (!rootType || rootSelection?.kind !== Kind.FIELD) return ['<no root field>'];
  const visit = (type: GraphQLObjectType, selections: readonly SelectionNode[] | undefined, path: string): void => {
    const selected = new Map((selections ?? []).flatMap((node) => (node.kind === Kind.FIELD ? [[node.name.value, node] as const] : [])));
    for (const [name, field] of Object.entries(type.getFields())) {
      const node = selected.get(name);
      if (!node) {
        missing.push(`${path}${name}`);
        continue;
      }
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named, node.selectionSet?.selections, `${path}${name}.`);
    }
  };
  const field = rootType.getFields()[rootSelection.name.value];
  const named = field && getNamedType(field.type);
  if (!named || !isObjectType(named)) return [`<unknown field ${rootSelection.name.value}>`];
  visit(named, rootSelection.selectionSet?.selections, '');
  return missing;
}
