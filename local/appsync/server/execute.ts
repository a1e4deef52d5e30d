// Runs one query or mutation with graphql-js: fields with a resolver go to the ResolverEngine,
// others read source[field]; field auth is checked first. Mutation fields that a subscription
// lists in @aws_subscribe come back as publications for the real-time fan-out.
import {
  execute,
  getNamedType,
  getOperationAST,
  GraphQLError,
  Kind,
  responsePathAsArray,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { AppSyncFieldError, FieldResult, RequestAuth, ResolverEngine, ResolverStepTiming } from '../types.js';
import type { DocumentCache } from './documents.js';
import { FieldUnauthorizedError, ResolverFieldError, toAppSyncError, validationMessage, type AppSyncErrorEntry } from './errors.js';
import type { SchemaModel } from './schema-model.js';
import { selectionInfo } from './selection-info.js';

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface Caller {
  auth: RequestAuth;
  headers: Record<string, string>;
  /** Time every resolver and its steps, for the request log. */
  trace?: boolean;
}

/** One resolved field of a traced operation. */
export interface FieldTiming {
  /** The response path, e.g. 'posts.0.author'. */
  path: string;
  /** e.g. 'Post.author'. */
  field: string;
  ms: number;
  steps: ResolverStepTiming[];
  /** The errorType of each error the field's resolver returned. */
  errorTypes: string[];
}

/** A resolved mutation field to deliver to subscribers; `value` is keyed by field names. */
export interface Publication {
  mutationField: string;
  value: Record<string, unknown>;
}

export interface OperationOutcome {
  body: { data: unknown; errors?: AppSyncErrorEntry[] };
  publications: Publication[];
  invalidations: NonNullable<FieldResult['invalidations']>;
  /** Set by resolvers with util.http.addResponseHeader(s); later fields win on a clash. */
  responseHeaders: Record<string, string>;
  /** e.g. 'mutation SendMessage' or 'query (anonymous)', for the request log. */
  operationLabel?: string;
  /** Traced calls only: every resolved field in the order it finished. */
  fieldTimings?: FieldTiming[];
}

interface ExecutionContext extends Caller {
  variables: Record<string, unknown>;
  appendedErrors: GraphQLError[];
  invalidations: NonNullable<FieldResult['invalidations']>;
  responseHeaders: Record<string, string>;
  fieldTimings?: FieldTiming[];
}

export class Executor {
  private readonly fieldResolver: GraphQLFieldResolver<unknown, ExecutionContext>;

  constructor(
    private readonly model: SchemaModel,
    private readonly engine: ResolverEngine,
    private readonly documents: DocumentCache,
  ) {
    this.fieldResolver = (source, args, context, info) => {
      const typeName = info.parentType.name;
      const { fieldName } = info;
      if (!model.authorizer.isAllowed(typeName, fieldName, context.auth)) throw new FieldUnauthorizedError(fieldName, typeName);
      if (!engine.hasResolver(typeName, fieldName)) {
        return source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[fieldName] : undefined;
      }
      return this.resolveWithEngine(source, args, context, info.fieldNodes, info.fragments, typeName, fieldName, responsePathAsArray(info.path), getNamedType(info.returnType).name);
    };
  }

  async run(request: OperationRequest, caller: Caller): Promise<OperationOutcome> {
    const prepared = this.documents.prepare(request.query);
    const nothing = { publications: [], invalidations: [], responseHeaders: {} };
    if (prepared.errors.length > 0) {
      const errors = prepared.errors.map((error) => ({
        ...toAppSyncError(error),
        message: error.message.startsWith('Syntax Error') ? `Invalid Syntax : ${error.message}` : validationMessage(error),
      }));
      return { body: { data: null, errors }, ...nothing };
    }
    const operation = getOperationAST(prepared.document, request.operationName ?? undefined);
    if (operation?.operation === 'subscription') {
      const message = 'Subscriptions are only supported over the real-time WebSocket endpoint.';
      return { body: { data: null, errors: [{ path: null, data: null, errorType: 'UnsupportedOperation', errorInfo: null, locations: null, message }] }, ...nothing };
    }
    const context: ExecutionContext = {
      ...caller, variables: request.variables ?? {}, appendedErrors: [], invalidations: [], responseHeaders: {}, fieldTimings: caller.trace ? [] : undefined,
    };
    const result = await execute({
      schema: this.model.schema,
      document: prepared.document,
      variableValues: request.variables ?? {},
      operationName: request.operationName ?? undefined,
      contextValue: context,
      fieldResolver: this.fieldResolver,
    });
    const allErrors = [...(result.errors ?? []), ...context.appendedErrors];
    const data = result.data ?? null;
    const body: OperationOutcome['body'] = { data };
    if (allErrors.length > 0) body.errors = allErrors.map(toAppSyncError);
    const publications =
      operation?.operation === 'mutation' && data
        ? this.publications(operation, data as Record<string, unknown>, prepared.document.definitions, prepared.hasAliases)
        : [];
    const outcome: OperationOutcome = { body, publications, invalidations: context.invalidations, responseHeaders: context.responseHeaders };
    if (context.fieldTimings) {
      outcome.fieldTimings = context.fieldTimings;
      outcome.operationLabel = `${operation?.operation ?? 'operation'} ${operation?.name?.value ?? '(anonymous)'}`;
    }
    return outcome;
  }

  private async resolveWithEngine(
    source: unknown,
    args: Record<string, unknown>,
    context: ExecutionContext,
    fieldNodes: readonly FieldNode[],
    fragments: Record<string, FragmentDefinitionNode>,
    typeName: string,
    fieldName: string,
    path: ReadonlyArray<string | number>,
    outputType: string,
  ): Promise<unknown> {
    const fieldNode = fieldNodes[0] as FieldNode;
    const started = context.fieldTimings ? performance.now() : 0;
    const result = await this.engine.resolveField({
      typeName,
      fieldName,
      arguments: args,
      source: source !== null && typeof source === 'object' ? (source as Record<string, unknown>) : null,
      info: { fieldName, parentTypeName: typeName, variables: context.variables, ...selectionInfo(fieldNode, fragments) },
      auth: context.auth,
      request: { headers: context.headers, domainName: null },
      outputType,
      trace: context.fieldTimings !== undefined,
    });
    context.fieldTimings?.push({
      path: path.join('.'), field: `${typeName}.${fieldName}`, ms: performance.now() - started, steps: result.steps ?? [],
      errorTypes: result.errors.map((error) => error.errorType),
    });
    if (result.invalidations) context.invalidations.push(...result.invalidations);
    if (result.responseHeaders) Object.assign(context.responseHeaders, result.responseHeaders);
    const [first, ...rest] = result.errors;
    const toGraphQLError = (error: AppSyncFieldError) =>
      new GraphQLError(error.message, { nodes: fieldNodes, path, originalError: new ResolverFieldError(error) });
    if (first && (result.data === null || result.data === undefined)) {
      context.appendedErrors.push(...rest.map(toGraphQLError));
      throw new ResolverFieldError(first);
    }
    context.appendedErrors.push(...result.errors.map(toGraphQLError));
    return result.data;
  }

  private publications(
    operation: OperationDefinitionNode,
    data: Record<string, unknown>,
    definitions: readonly { kind: string }[],
    hasAliases: boolean,
  ): Publication[] {
    const fragments = fragmentMap(definitions);
    const out: Publication[] = [];
    for (const field of rootFields(operation.selectionSet, fragments)) {
      const mutationField = field.name.value;
      if (!this.model.subscriptionsByMutation.has(mutationField)) continue;
      const value = data[field.alias?.value ?? mutationField];
      if (value === null || typeof value !== 'object') continue;
      out.push({
        mutationField,
        value: (hasAliases && field.selectionSet ? canonicalize(value, field.selectionSet, fragments) : value) as Record<string, unknown>,
      });
    }
    return out;
  }
}

function fragmentMap(definitions: readonly { kind: string }[]): Record<string, FragmentDefinitionNode> {
  const map: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      map[fragment.name.value] = fragment;
    }
  }
  return map;
}

function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments);
    const fragment = fragments[selection.name.value];
    return fragment ? rootFields(fragment.selectionSet, fragments) : [];
  });
}

/** Re-keys a response value from response keys (aliases) to field names. */
function canonicalize(value: unknown, selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => canonicalize(item, selectionSet, fragments));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of rootFields(selectionSet, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    if (!(key in source) || field.name.value in out) continue;
    out[field.name.value] = field.selectionSet ? canonicalize(source[key], field.selectionSet, fragments) : source[key];
  }
  return out;
}
