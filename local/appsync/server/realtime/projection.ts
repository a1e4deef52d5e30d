// Shapes a mutation's result by a subscriber's selection set. "The subscription selection set
// must be a subset of the mutation selection set ... if the mutation lacked the author in its
// selection set, the subscriber would get a null value for the author field (or an error in case
// the author field is defined as required/not-null in the schema)":
// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
// A missing non-null field nulls its nearest nullable parent, as in any GraphQL response, with
// AppSync's message for it, e.g. (aws-amplify/amplify-cli#5542):
//   { "message": "Cannot return null for non-nullable type: 'String' within parent 'Lead' (/onUpdateLead/formId)",
//     "path": ["onUpdateLead", "formId"] }
// Fields the subscriber's auth mode may not read are nulled (decided once, at start).
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { RequestAuth } from '../../types.js';
import type { FieldAuthorizer } from '../auth/field-rules.js';

export interface SubscriptionDataError {
  message: string;
  path: Array<string | number>;
}

/** The subscriber's value for its subscription field, and the errors shaping it raised. */
export interface Projection {
  value: unknown;
  errors: SubscriptionDataError[];
}

export type Projector = (value: unknown) => Projection;

/** A non-null position came out null: its nearest nullable ancestor becomes null. */
const INVALID = Symbol('invalid');
type Completed = unknown;
type Path = Array<string | number>;
type Complete = (value: unknown, path: Path, errors: SubscriptionDataError[]) => Completed;

interface Context {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  authorizer: FieldAuthorizer;
  auth: RequestAuth;
}

function printPath(path: Path): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `/${part}`)).join('');
}

/** Field nodes of `set` by response key that apply to `type` (every fragment when it is abstract). */
function collectFields(context: Context, set: SelectionSetNode, type: GraphQLCompositeType, out = new Map<string, FieldNode>()): Map<string, FieldNode> {
  const applies = (condition: string | undefined): boolean => {
    if (!condition || condition === type.name || !isObjectType(type)) return true;
    const conditionType = context.schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && context.schema.isSubType(conditionType, type);
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (!out.has(key)) out.set(key, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) collectFields(context, selection.selectionSet, type, out);
    } else {
      const fragment = context.fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value)) collectFields(context, fragment.selectionSet, type, out);
    }
  }
  return out;
}

type FieldComplete = (source: Record<string, unknown>, path: Path, errors: SubscriptionDataError[]) => Completed;

function compileField(context: Context, node: FieldNode, type: GraphQLCompositeType, key: string): FieldComplete {
  const name = node.name.value;
  if (name === '__typename') {
    // A concrete type knows its name; an abstract one needs the __typename the mutation selected.
    return isAbstractType(type) ? (source) => source['__typename'] ?? null : () => type.name;
  }
  const definition = ('getFields' in type ? type.getFields()[name] : undefined) as GraphQLField<unknown, unknown> | undefined;
  if (!definition) return () => null;
  const complete = compileType(context, definition.type, node.selectionSet, type.name);
  const allowed = context.authorizer.isAllowed(type.name, name, context.auth);
  return (source, path, errors) => complete(allowed ? source[name] : null, [...path, key], errors);
}

function compileObject(context: Context, set: SelectionSetNode, type: GraphQLCompositeType): Complete {
  const fields = [...collectFields(context, set, type)].map(([key, node]) => ({ key, complete: compileField(context, node, type, key) }));
  return (value, path, errors) => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let invalid = false;
    for (const field of fields) {
      const completed = field.complete(source, path, errors);
      if (completed === INVALID) invalid = true;
      else out[field.key] = completed;
    }
    return invalid ? INVALID : out;
  };
}

/** Completion of one position of type `type` (a field's value or a list item). */
function compileType(
  context: Context,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  parentTypeName: string,
): Complete {
  if (isNonNullType(type)) {
    const inner = compileInner(context, type.ofType, selectionSet, parentTypeName);
    const typeName = String(type.ofType);
    return (value, path, errors) => {
      const completed = inner(value, path, errors);
      if (completed === null) {
        errors.push({ message: `Cannot return null for non-nullable type: '${typeName}' within parent '${parentTypeName}' (${printPath(path)})`, path });
        return INVALID;
      }
      return completed;
    };
  }
  const inner = compileInner(context, type, selectionSet, parentTypeName);
  return (value, path, errors) => {
    const completed = inner(value, path, errors);
    return completed === INVALID ? null : completed;
  };
}

function compileInner(
  context: Context,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  parentTypeName: string,
): Complete {
  if (isListType(type)) {
    const item = compileType(context, type.ofType, selectionSet, parentTypeName);
    return (value, path, errors) => {
      if (value === null || value === undefined || !Array.isArray(value)) return null;
      const items = value.map((element, index) => item(element, [...path, index], errors));
      return items.includes(INVALID) ? INVALID : items;
    };
  }
  const named = getNamedType(type);
  if (!isCompositeType(named) || !selectionSet) return (value) => value ?? null;
  const object = compileForType(context, selectionSet, named);
  return (value, path, errors) => (value === null || value === undefined || typeof value !== 'object' ? null : object(value, path, errors));
}

/** An abstract type's value is shaped for its concrete type when the mutation selected __typename. */
function compileForType(context: Context, set: SelectionSetNode, type: GraphQLCompositeType): Complete {
  if (!isAbstractType(type)) return compileObject(context, set, type);
  const fallback = compileObject(context, set, type);
  const byType = new Map<string, Complete>(
    context.schema.getPossibleTypes(type).map((possible: GraphQLObjectType) => [possible.name, compileObject(context, set, possible)]),
  );
  return (value, path, errors) => {
    const typeName = (value as Record<string, unknown>)['__typename'];
    const complete = (typeof typeName === 'string' && byType.get(typeName)) || fallback;
    return complete(value, path, errors);
  };
}

/**
 * Compiles the projection of one subscription field (`fieldNode`, of type `type` on the
 * Subscription type) for one subscriber.
 */
export function compileProjector(
  schema: GraphQLSchema,
  fieldNode: FieldNode,
  type: GraphQLOutputType,
  fragments: Record<string, FragmentDefinitionNode>,
  authorizer: FieldAuthorizer,
  auth: RequestAuth,
): Projector {
  const subscriptionType = schema.getSubscriptionType()?.name ?? 'Subscription';
  const responseKey = fieldNode.alias?.value ?? fieldNode.name.value;
  const complete = compileType({ schema, fragments, authorizer, auth }, type, fieldNode.selectionSet, subscriptionType);
  return (value) => {
    const errors: SubscriptionDataError[] = [];
    const completed = complete(value, [responseKey], errors);
    return { value: completed === INVALID ? null : completed, errors };
  };
}
