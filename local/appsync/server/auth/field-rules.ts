// Field-level authorization from the schema's auth directives. A field's own directives win,
// else its type's, else only the API's default mode is allowed; @aws_cognito_user_pools and
// @aws_auth can restrict Cognito callers to groups. A Lambda authorizer's deniedFields are
// refused on top of that.
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#using-additional-authorization-modes
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization (deniedFields)
import type { ConstDirectiveNode, GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { isObjectType, isInterfaceType, valueFromASTUntyped } from 'graphql';
import type { AuthenticationType, AuthProvider, RequestAuth } from '../../types.js';

interface ModeRule {
  /** Cognito groups required (any of), or null for any user of the pool. */
  cognitoGroups: string[] | null;
}
export type FieldRule = Map<AuthenticationType, ModeRule>;

const DIRECTIVE_MODES: Record<string, AuthenticationType> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_auth: 'AMAZON_COGNITO_USER_POOLS',
};

function ruleFrom(directives: readonly ConstDirectiveNode[]): FieldRule | undefined {
  const rule: FieldRule = new Map();
  for (const directive of directives) {
    const mode = DIRECTIVE_MODES[directive.name.value];
    if (!mode) continue;
    const groupsArg = directive.arguments?.find((a) => a.name.value === 'cognito_groups');
    const groups = groupsArg ? (valueFromASTUntyped(groupsArg.value) as string[] | null) : null;
    const existing = rule.get(mode);
    if (existing && existing.cognitoGroups && groups) existing.cognitoGroups.push(...groups);
    else if (existing) existing.cognitoGroups = null;
    else rule.set(mode, { cognitoGroups: groups && groups.length > 0 ? [...groups] : null });
  }
  return rule.size > 0 ? rule : undefined;
}

function typeDirectives(type: GraphQLNamedType): ConstDirectiveNode[] {
  return [...(type.astNode?.directives ?? []), ...(type.extensionASTNodes ?? []).flatMap((node) => node.directives ?? [])];
}

export class FieldAuthorizer {
  private readonly rules = new Map<string, FieldRule>();

  constructor(schema: GraphQLSchema, defaultProvider: AuthProvider) {
    // Cognito as the default mode with DefaultAction DENY ("the action ... when a request doesn't
    // match the user pool configuration"; ALLOW is required once there are additional modes):
    // a field without a Cognito directive is closed to every user.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-appsync-graphqlapi-userpoolconfig.html
    const denyByDefault = defaultProvider.authenticationType === 'AMAZON_COGNITO_USER_POOLS' && defaultProvider.defaultAction === 'DENY';
    const defaultRule: FieldRule = denyByDefault ? new Map() : new Map([[defaultProvider.authenticationType, { cognitoGroups: null }]]);
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      const typeRule = ruleFrom(typeDirectives(type));
      for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        this.rules.set(`${type.name}.${field.name}`, ruleFrom(field.astNode?.directives ?? []) ?? typeRule ?? defaultRule);
      }
    }
  }

  isAllowed(typeName: string, fieldName: string, auth: RequestAuth): boolean {
    if (fieldName.startsWith('__')) return true;
    if (auth.deniedFields?.includes(`${typeName}.${fieldName}`)) return false;
    const rule = this.rules.get(`${typeName}.${fieldName}`);
    const mode = rule?.get(auth.authenticationType);
    if (!mode) return false;
    if (!mode.cognitoGroups) return true;
    const groups = auth.identity && 'groups' in auth.identity ? (auth.identity.groups ?? []) : [];
    return mode.cognitoGroups.some((group) => groups.includes(group));
  }
}
