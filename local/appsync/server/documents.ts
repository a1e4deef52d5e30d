// Parses and validates GraphQL documents once: the chat's Lambda sends the same
// publishMessageChunk mutation for every chunk, so the cache keeps fan-out cheap.
import { GraphQLError, Kind, parse, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface PreparedDocument {
  document: DocumentNode;
  errors: readonly GraphQLError[];
  /** Whether any field is aliased (the fan-out must then map response keys back to field names). */
  hasAliases: boolean;
}

const MAX_ENTRIES = 1000;

export class DocumentCache {
  private readonly entries = new Map<string, PreparedDocument>();
  constructor(private readonly schema: GraphQLSchema) {}

  prepare(query: string): PreparedDocument {
    const hit = this.entries.get(query);
    if (hit) return hit;
    let prepared: PreparedDocument;
    try {
      const document = parse(query);
      let hasAliases = false;
      visit(document, { [Kind.FIELD]: (node) => void (node.alias && (hasAliases = true)) });
      prepared = { document, errors: validate(this.schema, document), hasAliases };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { document: { kind: Kind.DOCUMENT, definitions: [] }, errors: [error], hasAliases: false };
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(query, prepared);
    return prepared;
  }
}
