// Shapes a mutation's result by a subscriber's selection set. The result holds only what the
// mutation selected, so other fields come out null, as AppSync documents for @aws_subscribe:
// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
// Fields the subscriber's auth mode may not read are nulled (decided once, at start).
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
} from 'graphql';
import type { RequestAuth } from '../../types.js';
import type { FieldAuthorizer } from '../auth/field-rules.js';

export type Projector = (value: unknown) => unknown;

interface CompiledField {
  key: string;
  read: (source: Record<string, unknown>) => unknown;
}

export function compileProjector(
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  authorizer: FieldAuthorizer,
  auth: RequestAuth,
): Projector {
  const fields: CompiledField[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      } else {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (seen.has(key)) continue;
        seen.add(key);
        if (name === '__typename') {
          const typeName = parentType.name;
          fields.push({ key, read: (source) => (isAbstractType(parentType) ? (source['__typename'] ?? null) : typeName) });
          continue;
        }
        const definition = ('getFields' in parentType ? parentType.getFields()[name] : undefined) as GraphQLField<unknown, unknown> | undefined;
        if (!definition || !authorizer.isAllowed(parentType.name, name, auth)) {
          fields.push({ key, read: () => null });
          continue;
        }
        const named = getNamedType(definition.type);
        if (selection.selectionSet && isCompositeType(named)) {
          const child = compileProjector(selection.selectionSet, named, fragments, authorizer, auth);
          fields.push({ key, read: (source) => child(source[name]) });
        } else {
          fields.push({ key, read: (source) => source[name] ?? null });
        }
      }
    }
  };
  visit(selectionSet);
  const project: Projector = (value) => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map(project);
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of fields) out[field.key] = field.read(source);
    return out;
  };
  return project;
}
