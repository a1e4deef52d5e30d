// The wiring rules, on a throwaway resolvers folder and a small schema (no Lambdas: fast).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Definition, GraphqlApi, NoneDataSource } from 'aws-cdk-lib/aws-appsync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResolverWiringError } from '../errors.js';
import { mergeSchemaSources, printMergedSchema } from '../schema/merge-schema.js';
import { InlineSchema } from '../schema/merged-schema.js';
import { APPSYNC_SOURCE_METADATA, Resolvers } from './resolvers.js';

const SCHEMA = `schema { query: Query mutation: Mutation subscription: Subscription }
type Query { ping: String }
type Mutation { save(id: ID!): Thing publish(id: ID!): Thing }
type Thing { id: ID! }
type Subscription { onThing(id: ID!): Thing @aws_subscribe(mutations: ["publish"]) }
`;

const UNIT_CODE = `import { util } from '@aws-appsync/utils';
import { label } from './lib/label';
export function request() { return { payload: label() }; }
export function response(ctx) { if (ctx.error) util.error(ctx.error.message); return ctx.result; }
`;
const STEP_CODE = (name: string) => `export function request() { return { payload: '${name}' }; }
export function response(ctx) { return ctx.result; }
`;

let root: string;
let resolversDir: string;

function write(relativePath: string, text: string): void {
  const file = join(resolversDir, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function wire(schemaText = SCHEMA): Stack {
  const app = new App();
  const stack = new Stack(app, 'WiringTest');
  const schema = mergeSchemaSources([{ name: 'test.graphql', text: schemaText }]);
  const api = new GraphqlApi(stack, 'Api', { name: 'test', definition: Definition.fromSchema(new InlineSchema(printMergedSchema(schema))) });
  const none = new NoneDataSource(stack, 'None', { api, name: 'none' });
  new Resolvers(stack, 'Resolvers', { api, dataSources: { none }, schema, resolversDir, repoRoot: root });
  return stack;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'resolver-wiring-'));
  resolversDir = join(root, 'resolvers');
  write('lib/label.ts', "export function label() { return 'label'; }\n");
  write('generated/types.ts', 'export type T = string;\n');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('Resolvers wiring', () => {
  it('GIVEN a unit file and a pipeline folder WHEN wired THEN each is attached with its bundled code and source metadata', () => {
    write('Query.ping.none.ts', UNIT_CODE);
    write('Mutation.save/02.second.none.ts', STEP_CODE('second'));
    write('Mutation.save/01.first.none.ts', STEP_CODE('first'));
    write('Mutation.save/01.first.none.test.ts', 'this file is ignored');

    const template = Template.fromStack(wire());

    template.hasResource('AWS::AppSync::Resolver', {
      Properties: {
        TypeName: 'Query',
        FieldName: 'ping',
        Kind: 'UNIT',
        DataSourceName: 'none',
        Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        // The lib helper is bundled in; @aws-appsync/utils stays an import.
        Code: Match.stringLikeRegexp('function label\\(\\)[\\s\\S]*from "@aws-appsync/utils"|from "@aws-appsync/utils"[\\s\\S]*function label\\(\\)'),
      },
      Metadata: { [APPSYNC_SOURCE_METADATA]: 'resolvers/Query.ping.none.ts' },
    });
    template.hasResource('AWS::AppSync::FunctionConfiguration', {
      Properties: { Name: 'Mutation_save_01_first', DataSourceName: 'none', Code: Match.stringLikeRegexp("payload: \"first\"") },
      Metadata: { [APPSYNC_SOURCE_METADATA]: 'resolvers/Mutation.save/01.first.none.ts' },
    });
    template.resourceCountIs('AWS::AppSync::FunctionConfiguration', 2);

    const pipeline = Object.values(template.findResources('AWS::AppSync::Resolver', { Properties: { FieldName: 'save' } }))[0];
    const functionIds = Object.fromEntries(
      Object.entries(template.findResources('AWS::AppSync::FunctionConfiguration')).map(([id, r]) => [r.Properties.Name as string, id]),
    );
    expect(pipeline?.Properties.Kind).toBe('PIPELINE');
    // NN order, not the order the files were written in.
    expect(pipeline?.Properties.PipelineConfig.Functions).toEqual([
      { 'Fn::GetAtt': [functionIds.Mutation_save_01_first, 'FunctionId'] },
      { 'Fn::GetAtt': [functionIds.Mutation_save_02_second, 'FunctionId'] },
    ]);
    // No resolver.ts: the default pass-through handlers.
    expect(pipeline?.Properties.Code).toContain('return ctx.prev.result');
    expect(pipeline?.Metadata[APPSYNC_SOURCE_METADATA]).toBe('resolvers/Mutation.save');
  });

  it('GIVEN a pipeline resolver.ts WHEN wired THEN its handlers are the pipeline code', () => {
    write('Mutation.save/01.first.none.ts', STEP_CODE('first'));
    write('Mutation.save/resolver.ts', 'export function request() { return {}; }\nexport function response(ctx) { return ctx.stash.answer; }\n');
    Template.fromStack(wire()).hasResource('AWS::AppSync::Resolver', {
      Properties: { FieldName: 'save', Code: Match.stringLikeRegexp('ctx\\.stash\\.answer') },
      Metadata: { [APPSYNC_SOURCE_METADATA]: 'resolvers/Mutation.save/resolver.ts' },
    });
  });

  it.each([
    ['an unknown data source', 'Query.ping.nope.ts', /resolvers\/Query.ping.nope.ts: data source "nope" does not exist/],
    ['an unknown field', 'Query.pong.none.ts', /resolvers\/Query.pong.none.ts: field "pong" does not exist on type Query/],
    ['an unknown type', 'Querry.ping.none.ts', /type "Querry" is not an object type/],
    ['a file without a data source', 'Query.ping.ts', /Query.ping.ts: a unit resolver file is named/],
    ['an unknown data source in a pipeline step', 'Mutation.save/01.first.nope.ts', /01.first.nope.ts: data source "nope"/],
    ['a misnamed pipeline step', 'Mutation.save/first.none.ts', /first.none.ts: a pipeline step is named/],
  ])('GIVEN %s WHEN wired THEN synth fails naming the file', (_case, file, message) => {
    write(file, STEP_CODE('x'));
    expect(() => wire()).toThrow(ResolverWiringError);
    expect(() => wire()).toThrow(message);
  });

  it('GIVEN two steps with one number WHEN wired THEN it fails', () => {
    write('Mutation.save/01.first.none.ts', STEP_CODE('a'));
    write('Mutation.save/01.again.none.ts', STEP_CODE('b'));
    expect(() => wire()).toThrow(/share the number 1/);
  });

  it('GIVEN a unit file and a folder for one field WHEN wired THEN it fails', () => {
    write('Mutation.save.none.ts', STEP_CODE('a'));
    write('Mutation.save/01.first.none.ts', STEP_CODE('b'));
    expect(() => wire()).toThrow(/Mutation.save already has a resolver/);
  });

  it('GIVEN a resolver importing a module the runtime lacks WHEN wired THEN it fails', () => {
    write('Query.ping.none.ts', "import { readFileSync } from 'node:fs';\nexport function request() { return { payload: readFileSync }; }\nexport function response(ctx) { return ctx.result; }\n");
    expect(() => wire()).toThrow(/imports node:fs, which the APPSYNC_JS runtime does not provide/);
  });

  it.each([
    ['a mutation that does not exist', '@aws_subscribe(mutations: ["publsh"])', /names "publsh", which is not a Mutation field/],
    ['an empty mutation list', '@aws_subscribe(mutations: [])', /needs mutations/],
    ['a mutation of another type', '@aws_subscribe(mutations: ["publish"])', /returns String but Mutation.publish returns Thing/],
  ])('GIVEN @aws_subscribe with %s WHEN wired THEN it fails', (_case, directive, message) => {
    const returnType = _case === 'a mutation of another type' ? 'String' : 'Thing';
    const schema = SCHEMA.replace(/onThing\(id: ID!\): Thing @aws_subscribe\(mutations: \["publish"\]\)/, `onThing(id: ID!): ${returnType} ${directive}`);
    expect(() => wire(schema)).toThrow(message);
  });

  it('GIVEN a subscription argument that is not a payload field WHEN wired THEN it fails', () => {
    expect(() => wire(SCHEMA.replace('onThing(id: ID!)', 'onThing(owner: ID!)'))).toThrow(/argument "owner" is not a field of Thing/);
  });
});
