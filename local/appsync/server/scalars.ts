// AppSync's scalar rules: https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html
// AWSJSON is a JSON string on the wire and a parsed value inside resolvers; the date and
// time scalars are extended ISO 8601 strings (AWSDateTime needs an offset).
import { isIP } from 'node:net';
import { GraphQLError, Kind, type GraphQLScalarType, type GraphQLSchema, type ValueNode, valueFromASTUntyped } from 'graphql';

const OFFSET = '(?:Z|[+-]\\d{2}:\\d{2}(?::\\d{2})?)';
const DATE = '-?\\d{4,}-\\d{2}-\\d{2}';
const TIME = '\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?';
const AWS_DATE = new RegExp(`^${DATE}${OFFSET}?$`);
const AWS_TIME = new RegExp(`^${TIME}${OFFSET}?$`);
const AWS_DATE_TIME = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);
const AWS_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AWS_PHONE = /^\+?[\d\s\-().]{3,}$/;

function invalid(typeName: string, value: unknown): GraphQLError {
  return new GraphQLError(`Invalid ${typeName} value: ${JSON.stringify(value)}`);
}

function stringScalar(typeName: string, valid: (value: string) => boolean) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) throw invalid(typeName, value);
    return value;
  };
  return {
    serialize: check,
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw invalid(typeName, valueFromASTUntyped(ast));
      return check(ast.value);
    },
  };
}

function validDateParts(value: string): boolean {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return true;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function validUrl(value: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function validIp(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

const awsJson = {
  serialize: (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value)),
  parseValue: (value: unknown): unknown => {
    if (typeof value !== 'string') throw invalid('AWSJSON', value);
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      throw new GraphQLError(`Invalid AWSJSON value: ${JSON.stringify(value)}`, { originalError: error as Error });
    }
  },
  parseLiteral: (ast: ValueNode): unknown => {
    if (ast.kind !== Kind.STRING) throw invalid('AWSJSON', valueFromASTUntyped(ast));
    return awsJson.parseValue(ast.value);
  },
};

const awsTimestamp = {
  serialize: (value: unknown): number => {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    throw invalid('AWSTimestamp', value);
  },
  parseValue: (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('AWSTimestamp', value);
    return value;
  },
  parseLiteral: (ast: ValueNode): number => {
    if (ast.kind !== Kind.INT) throw invalid('AWSTimestamp', valueFromASTUntyped(ast));
    return Number(ast.value);
  },
};

const SCALARS: Record<string, Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'>> = {
  AWSDate: stringScalar('AWSDate', (v) => AWS_DATE.test(v) && validDateParts(v)),
  AWSTime: stringScalar('AWSTime', (v) => AWS_TIME.test(v)),
  AWSDateTime: stringScalar('AWSDateTime', (v) => AWS_DATE_TIME.test(v) && validDateParts(v)),
  AWSTimestamp: awsTimestamp,
  AWSEmail: stringScalar('AWSEmail', (v) => AWS_EMAIL.test(v)),
  AWSJSON: awsJson,
  AWSURL: stringScalar('AWSURL', validUrl),
  AWSPhone: stringScalar('AWSPhone', (v) => AWS_PHONE.test(v) && /\d/.test(v)),
  AWSIPAddress: stringScalar('AWSIPAddress', validIp),
};

/** Gives the schema's AWS scalars AppSync's parse/serialize rules (in place). */
export function installAwsScalars(schema: GraphQLSchema): void {
  for (const [name, behaviour] of Object.entries(SCALARS)) {
    const type = schema.getType(name) as GraphQLScalarType | undefined;
    if (type) Object.assign(type, behaviour);
  }
}
