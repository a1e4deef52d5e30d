// Resolves the CloudFormation intrinsic functions a CDK template uses, against
// the sandbox's local stand-ins for the resources (see LocalResourceNames).

export type TemplateValue = unknown;

/** What a Ref or Fn::GetAtt to a resource means on the sandbox. */
export interface LocalResourceNames {
  region: string;
  accountId: string;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
}

export class UnsupportedIntrinsicError extends Error {
  override name = 'UnsupportedIntrinsicError';
  constructor(message: string) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function resolveIntrinsics(value: TemplateValue, names: LocalResourceNames): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, names));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    const arg = value[key];
    switch (key) {
      case 'Ref':
        return resolveRef(String(arg), names);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return names.getAtt(String(logicalId), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (resolveIntrinsics(parts, names) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const resolved = resolveIntrinsics(list, names) as unknown[];
        return resolved[Number(resolveIntrinsics(index, names))];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return String(resolveIntrinsics(source, names)).split(separator);
      }
      case 'Fn::Sub':
        return resolveSub(arg, names);
      case 'Fn::If':
      case 'Fn::ImportValue':
      case 'Fn::FindInMap':
        throw new UnsupportedIntrinsicError(`${key} is not supported by the sandbox`);
      default:
        break;
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, names)]));
}

function resolveRef(logicalId: string, names: LocalResourceNames): string {
  switch (logicalId) {
    case 'AWS::Region':
      return names.region;
    case 'AWS::AccountId':
      return names.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'sandbox';
    case 'AWS::NoValue':
      return '';
    default:
      return names.ref(logicalId);
  }
}

function resolveSub(arg: unknown, names: LocalResourceNames): string {
  const [template, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
  const resolvedVariables = resolveIntrinsics(variables, names) as Record<string, unknown>;
  return template.replace(/\$\{([^}]+)\}/g, (_match, expression: string) => {
    if (expression in resolvedVariables) return String(resolvedVariables[expression]);
    const [logicalId, attribute] = expression.split('.');
    return attribute ? names.getAtt(logicalId!, attribute) : resolveRef(logicalId!, names);
  });
}
