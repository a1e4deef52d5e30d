// util.transform.toElasticsearchQueryDSL: a filter object -> OpenSearch Query DSL.
// The reference page's example fixes the shape: each field's operators become a
// bool/must list, and the fields are ANDed in a top-level bool/must.
// https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html
type Json = Record<string, unknown>;

export class UnsupportedQueryOperatorError extends Error {
  override name = 'UnsupportedQueryOperatorError';
}

const isPlainObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const must = (clauses: Json[]): Json => ({ bool: { must: clauses } });
const mustNot = (clause: Json): Json => ({ bool: { must_not: clause } });

const FULL_TEXT: Record<string, string> = {
  match: 'match', matchPhrase: 'match_phrase', matchPhrasePrefix: 'match_phrase_prefix', wildcard: 'wildcard', regexp: 'regexp',
};

function operatorClause(field: string, operator: string, value: unknown): Json {
  switch (operator) {
    case 'eq': return { term: { [field]: value } };
    case 'ne': return mustNot({ term: { [field]: value } });
    case 'gt': case 'gte': case 'lt': case 'lte': return { range: { [field]: { [operator]: value } } };
    case 'range': {
      const [low, high] = value as [unknown, unknown];
      return { range: { [field]: { gte: low, lte: high } } };
    }
    case 'exists': return value ? { exists: { field } } : mustNot({ exists: { field } });
    case 'multiMatch': return { multi_match: { query: value, fields: [field] } };
    default: {
      const query = FULL_TEXT[operator];
      if (!query) throw new UnsupportedQueryOperatorError(`Unsupported OpenSearch filter operator '${operator}' on field '${field}'`);
      return { [query]: { [field]: value } };
    }
  }
}

function clausesOf(filter: Json): Json[] {
  const clauses: Json[] = [];
  for (const [key, spec] of Object.entries(filter)) {
    if (spec === undefined || spec === null) continue;
    if (key === 'and' || key === 'or') {
      const parts = (Array.isArray(spec) ? spec : [spec]).filter(isPlainObject).map(queryOf);
      clauses.push({ bool: { [key === 'and' ? 'must' : 'should']: parts } });
    } else if (key === 'not') {
      if (isPlainObject(spec)) clauses.push(mustNot(queryOf(spec)));
    } else {
      if (!isPlainObject(spec)) throw new TypeError(`OpenSearch filter for '${key}' must be an object of operators`);
      const fieldClauses = Object.entries(spec).filter(([, v]) => v !== undefined).map(([op, v]) => operatorClause(key, op, v));
      clauses.push(must(fieldClauses));
    }
  }
  return clauses;
}

function queryOf(filter: Json): Json {
  return must(clausesOf(filter));
}

export function toElasticsearchQueryDSL(filter: Json): string {
  return JSON.stringify(queryOf(filter ?? {}));
}
