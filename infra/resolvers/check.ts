// Checks the wiring against the merged schema and the stack's data sources, so a
// typo in a file name or in @aws_subscribe fails synth instead of a request.
import { Kind, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { ResolverWiringError } from '../errors.js';
import type { ResolverSpec } from './scan.js';

function objectTypes(schema: DocumentNode): Map<string, ObjectTypeDefinitionNode> {
  const types = new Map<string, ObjectTypeDefinitionNode>();
  for (const node of schema.definitions) {
    if (node.kind === Kind.OBJECT_TYPE_DEFINITION) types.set(node.name.value, node);
  }
  return types;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function field(type: ObjectTypeDefinitionNode | undefined, name: string): FieldDefinitionNode | undefined {
  return type?.fields?.find((f) => f.name.value === name);
}

/** Every type, field and data source a resolver file names must exist. */
export function checkResolverSpecs(specs: readonly ResolverSpec[], schema: DocumentNode, dataSourceNames: readonly string[]): void {
  const types = objectTypes(schema);
  const problems: string[] = [];
  const checkDataSource = (dataSourceName: string, sourcePath: string) => {
    if (!dataSourceNames.includes(dataSourceName)) {
      problems.push(`${sourcePath}: data source "${dataSourceName}" does not exist (the stack defines ${dataSourceNames.join(', ')})`);
    }
  };
  for (const spec of specs) {
    const type = types.get(spec.typeName);
    if (!type) {
      problems.push(`${spec.sourcePath}: type "${spec.typeName}" is not an object type of the schema`);
    } else if (!field(type, spec.fieldName)) {
      problems.push(`${spec.sourcePath}: field "${spec.fieldName}" does not exist on type ${spec.typeName}`);
    }
    if (spec.kind === 'UNIT') checkDataSource(spec.dataSourceName, spec.sourcePath);
    else for (const step of spec.steps) checkDataSource(step.dataSourceName, step.sourcePath);
  }
  if (problems.length > 0) throw new ResolverWiringError(`resolver wiring does not match the stack:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/**
 * @aws_subscribe(mutations: [...]) must sit on a Subscription field, name
 * Mutation fields returning the same type, and the field's arguments must be
 * fields of that type (AppSync filters on them by name).
 */
export function checkSubscriptions(schema: DocumentNode): void {
  const types = objectTypes(schema);
  const schemaNode = schema.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const rootName = (operation: 'mutation' | 'subscription', fallback: string) =>
    schemaNode?.kind === Kind.SCHEMA_DEFINITION
      ? (schemaNode.operationTypes.find((o) => o.operation === operation)?.type.name.value ?? fallback)
      : fallback;
  const mutationType = types.get(rootName('mutation', 'Mutation'));
  const subscriptionTypeName = rootName('subscription', 'Subscription');
  const problems: string[] = [];

  for (const type of types.values()) {
    for (const subscriptionField of type.fields ?? []) {
      const directive = subscriptionField.directives?.find((d) => d.name.value === 'aws_subscribe');
      if (!directive) continue;
      const where = `${type.name.value}.${subscriptionField.name.value}`;
      if (type.name.value !== subscriptionTypeName) {
        problems.push(`${where}: @aws_subscribe is only meaningful on ${subscriptionTypeName} fields`);
        continue;
      }
      const mutations = directive.arguments?.find((a) => a.name.value === 'mutations')?.value;
      if (!mutations || mutations.kind !== Kind.LIST || mutations.values.length === 0) {
        problems.push(`${where}: @aws_subscribe needs mutations: ["<Mutation field>", ...]`);
        continue;
      }
      const returnType = namedType(subscriptionField.type);
      for (const value of mutations.values) {
        if (value.kind !== Kind.STRING) {
          problems.push(`${where}: @aws_subscribe mutations must be strings`);
          continue;
        }
        const mutation = field(mutationType, value.value);
        if (!mutation) problems.push(`${where}: @aws_subscribe names "${value.value}", which is not a Mutation field`);
        else if (namedType(mutation.type) !== returnType) {
          problems.push(`${where}: returns ${returnType} but Mutation.${value.value} returns ${namedType(mutation.type)}`);
        }
      }
      const payloadType = types.get(returnType);
      for (const argument of subscriptionField.arguments ?? []) {
        if (!field(payloadType, argument.name.value)) {
          problems.push(`${where}: argument "${argument.name.value}" is not a field of ${returnType}, so AppSync cannot filter on it`);
        }
      }
    }
  }
  if (problems.length > 0) throw new ResolverWiringError(`subscriptions are malformed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
