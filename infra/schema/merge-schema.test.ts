import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SchemaMergeError } from '../errors.js';
import { mergeSchemaSources, printMergedSchema, readSchemaSources } from './merge-schema.js';

const root = `schema { query: Query mutation: Mutation }
type Query
type Mutation
`;

describe('mergeSchemaSources', () => {
  it('GIVEN domain files extending the root types WHEN merged THEN one document without extensions, directives kept', () => {
    const merged = mergeSchemaSources([
      { name: 'common.graphql', text: root },
      {
        name: 'chat.graphql',
        text: `type Item @aws_api_key { id: ID! at: AWSDateTime }
extend type Query { item(id: ID!): Item @aws_api_key }
extend type Mutation { touch(id: ID!): Item @aws_iam }`,
      },
      { name: 'more.graphql', text: 'extend type Query { items: [Item!]! }' },
    ]);
    const printed = printMergedSchema(merged);
    expect(printed).not.toContain('extend');
    expect(printed).toContain('type Query {\n  item(id: ID!): Item @aws_api_key\n  items: [Item!]!\n}');
    expect(printed).toContain('touch(id: ID!): Item @aws_iam');
    expect(printed).toContain('type Item @aws_api_key');
    expect(parse(printed).definitions.some((d) => d.kind === Kind.OBJECT_TYPE_EXTENSION)).toBe(false);
  });

  it('GIVEN the repository schema WHEN merged THEN the subscription keeps @aws_subscribe', () => {
    const schemaDir = fileURLToPath(new URL('../../schema', import.meta.url));
    const printed = printMergedSchema(mergeSchemaSources(readSchemaSources(schemaDir)));
    expect(printed).toMatch(/onMessageChunk\(conversationId: ID!\): MessageChunk @aws_subscribe\(mutations: \["publishMessageChunk"\]\)/);
    expect(printed).not.toMatch(/^scalar AWS/m);
  });

  it('GIVEN an extension of a type no file defines WHEN merged THEN it names the file', () => {
    expect(() => mergeSchemaSources([{ name: 'chat.graphql', text: 'extend type Subscription { x: Int }' }])).toThrow(
      /schema\/chat.graphql: extends Subscription/,
    );
  });

  it('GIVEN a root type nobody extends WHEN merged THEN it fails (AppSync rejects empty types)', () => {
    expect(() => mergeSchemaSources([{ name: 'common.graphql', text: `${root}\nextend type Query { a: Int }` }])).toThrow(
      /type Mutation has no fields/,
    );
  });

  it('GIVEN a field of an unknown type WHEN merged THEN validation fails, naming the file, line and column', () => {
    const merging = () => mergeSchemaSources([
      { name: 'a.graphql', text: 'type Query { a: Int }' },
      { name: 'b.graphql', text: '\nextend type Query {\n  b: Missing\n}' },
    ]);
    expect(merging).toThrow(SchemaMergeError);
    expect(merging).toThrow(/schema\/b\.graphql:3:6: Unknown type "Missing"/);
  });

  it('GIVEN a schema rule broken (an interface not implemented) WHEN merged THEN the error names where', () => {
    const text = 'type Query { a: A }\ninterface Named { name: String }\ntype A implements Named { id: ID }';
    expect(() => mergeSchemaSources([{ name: 'a.graphql', text }])).toThrow(/schema\/a\.graphql:2:19: Interface field Named\.name expected but A does not provide it/);
  });

  it('GIVEN a type defined in two files WHEN merged THEN it names both places', () => {
    expect(() => mergeSchemaSources([
      { name: 'a.graphql', text: 'type Query { a: Int }\ntype Item { id: ID }' },
      { name: 'b.graphql', text: 'type Item { name: String }' },
    ])).toThrow('schema/b.graphql:1:1: type Item is already defined at schema/a.graphql:2:1');
  });

  it('GIVEN a syntax error WHEN merged THEN it names the file', () => {
    expect(() => mergeSchemaSources([{ name: 'broken.graphql', text: 'type Query {' }])).toThrow(/schema\/broken\.graphql:1:13: Syntax Error/);
  });
});
