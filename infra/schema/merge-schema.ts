// AppSync takes one schema document and handles `extend type` poorly, while
// schema/ keeps one file per domain that extends the root types. So the files
// are merged here: every extension is folded into its type's definition, and
// the AST is printed back (printSchema would drop the @aws_* directives).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  Source,
  buildASTSchema,
  concatAST,
  getLocation,
  parse,
  print,
  validateSchema,
  type DefinitionNode,
  type GraphQLError,
  type DocumentNode,
  type TypeDefinitionNode,
  type TypeExtensionNode,
} from 'graphql';
// The SDL rules buildASTSchema runs, called here to keep each error's location (the error
// buildASTSchema throws joins their messages without it).
import { validateSDL } from 'graphql/validation/validate.js';
import { SchemaMergeError } from '../errors.js';
import { APPSYNC_BUILTINS_SDL } from './aws-appsync-builtins.js';

export interface SchemaSource {
  /** File name, for error messages. */
  name: string;
  text: string;
}

const EXTENSION_TO_DEFINITION: Partial<Record<Kind, Kind>> = {
  [Kind.OBJECT_TYPE_EXTENSION]: Kind.OBJECT_TYPE_DEFINITION,
  [Kind.INTERFACE_TYPE_EXTENSION]: Kind.INTERFACE_TYPE_DEFINITION,
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: Kind.INPUT_OBJECT_TYPE_DEFINITION,
  [Kind.ENUM_TYPE_EXTENSION]: Kind.ENUM_TYPE_DEFINITION,
  [Kind.UNION_TYPE_EXTENSION]: Kind.UNION_TYPE_DEFINITION,
  [Kind.SCALAR_TYPE_EXTENSION]: Kind.SCALAR_TYPE_DEFINITION,
};

function isTypeExtension(node: DefinitionNode): node is TypeExtensionNode {
  return node.kind in EXTENSION_TO_DEFINITION;
}

function isTypeDefinition(node: DefinitionNode): node is TypeDefinitionNode {
  return Object.values(EXTENSION_TO_DEFINITION).includes(node.kind);
}

/** Appends an extension's fields, values, members, interfaces and directives to a definition. */
function fold(definition: TypeDefinitionNode, extension: TypeExtensionNode): TypeDefinitionNode {
  const merged: Record<string, unknown> = { ...definition };
  const added: Record<string, unknown> = { ...extension };
  for (const key of ['fields', 'values', 'types', 'interfaces', 'directives']) {
    const more = added[key] as readonly unknown[] | undefined;
    if (more && more.length > 0) {
      merged[key] = [...((merged[key] as readonly unknown[] | undefined) ?? []), ...more];
    }
  }
  return merged as unknown as TypeDefinitionNode;
}

/** Merges schema files into one document with no extensions, validated against AppSync's built-ins. */
export function mergeSchemaSources(sources: readonly SchemaSource[]): DocumentNode {
  const definitions: DefinitionNode[] = [];
  const extensions: Array<{ node: TypeExtensionNode; source: string }> = [];
  for (const source of sources) {
    let document: DocumentNode;
    try {
      // Named so that every node's location says which file it came from.
      document = parse(new Source(source.text, `schema/${source.name}`));
    } catch (error) {
      const at = (error as GraphQLError).locations?.[0];
      throw new SchemaMergeError(`schema/${source.name}${at ? `:${at.line}:${at.column}` : ''}: ${(error as Error).message}`, { cause: error });
    }
    for (const node of document.definitions) {
      if (isTypeExtension(node)) extensions.push({ node, source: source.name });
      else definitions.push(node);
    }
  }

  const indexByName = new Map<string, number>();
  definitions.forEach((node, index) => {
    if (!isTypeDefinition(node)) return;
    const earlier = indexByName.get(node.name.value);
    if (earlier !== undefined) {
      const first = definitions[earlier];
      throw new SchemaMergeError(`${where(node)}: type ${node.name.value} is already defined at ${first ? where(first) : 'another file'}`);
    }
    indexByName.set(node.name.value, index);
  });
  for (const { node, source } of extensions) {
    const index = indexByName.get(node.name.value);
    const target = index === undefined ? undefined : definitions[index];
    if (index === undefined || !target || !isTypeDefinition(target) || target.kind !== EXTENSION_TO_DEFINITION[node.kind]) {
      throw new SchemaMergeError(`schema/${source}: extends ${node.name.value}, which no schema file defines as that kind of type`);
    }
    definitions[index] = fold(target, node);
  }

  for (const node of definitions) {
    if ((node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) && !node.fields?.length) {
      throw new SchemaMergeError(`${where(node)}: type ${node.name.value} has no fields after merging (AppSync rejects empty types)`);
    }
  }

  const merged: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  const withBuiltins = concatAST([parse(APPSYNC_BUILTINS_SDL), merged]);
  const sdlErrors = validateSDL(withBuiltins);
  if (sdlErrors.length > 0) throw invalid(sdlErrors);
  let errors: readonly GraphQLError[];
  try {
    errors = validateSchema(buildASTSchema(withBuiltins, { assumeValidSDL: true }));
  } catch (error) {
    throw new SchemaMergeError(`the merged schema is invalid: ${(error as Error).message}`, { cause: error });
  }
  if (errors.length > 0) throw invalid(errors);
  return merged;
}

/** "schema/chat.graphql:12:3", where a node was written. */
function where(node: DefinitionNode): string {
  if (!node.loc) return 'schema';
  const { line, column } = getLocation(node.loc.source, node.loc.start);
  return `${node.loc.source.name}:${line}:${column}`;
}

/** Each error with the file, line and column it points at (the first of its locations). */
function invalid(errors: readonly GraphQLError[]): SchemaMergeError {
  const lines = errors.map((error) => {
    const at = error.locations?.[0];
    return at && error.source ? `  ${error.source.name}:${at.line}:${at.column}: ${error.message}` : `  ${error.message}`;
  });
  return new SchemaMergeError(`the merged schema is invalid:\n${lines.join('\n')}`);
}

/** Reads every *.graphql file of a directory, in name order. */
export function readSchemaSources(schemaDir: string): SchemaSource[] {
  const names = readdirSync(schemaDir)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  if (names.length === 0) throw new SchemaMergeError(`no .graphql files in ${schemaDir}`);
  return names.map((name) => ({ name, text: readFileSync(join(schemaDir, name), 'utf8') }));
}

export function printMergedSchema(document: DocumentNode): string {
  return `${print(document)}\n`;
}
