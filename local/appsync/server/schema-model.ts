// The executable view of an ApiDefinition: the schema (with AppSync's built-in scalars and
// directives prepended, as AppSync declares them implicitly), field auth and @aws_subscribe wiring.
import { readFileSync } from 'node:fs';
import { buildSchema, valueFromASTUntyped, type GraphQLSchema } from 'graphql';
import type { ApiDefinition } from '../types.js';
import { FieldAuthorizer } from './auth/field-rules.js';
import { installAwsScalars } from './scalars.js';

const AWS_BUILTINS = readFileSync(new URL('../../../schema/aws/appsync-builtins.graphql', import.meta.url), 'utf8');

export interface SchemaModel {
  schema: GraphQLSchema;
  authorizer: FieldAuthorizer;
  /** Mutation field -> the Subscription fields that list it in @aws_subscribe(mutations: [...]). */
  subscriptionsByMutation: Map<string, string[]>;
}

export function buildSchemaModel(api: ApiDefinition): SchemaModel {
  const schema = buildSchema(`${AWS_BUILTINS}\n${api.schema}`);
  installAwsScalars(schema);
  const subscriptionsByMutation = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const mutationsArg = directive?.arguments?.find((a) => a.name.value === 'mutations');
    const mutations = mutationsArg ? (valueFromASTUntyped(mutationsArg.value) as string[]) : [];
    for (const mutation of mutations) {
      subscriptionsByMutation.set(mutation, [...(subscriptionsByMutation.get(mutation) ?? []), field.name]);
    }
  }
  return { schema, authorizer: new FieldAuthorizer(schema, api.defaultAuth), subscriptionsByMutation };
}
