// toJsonObject (util.rds and '@aws-appsync/utils/rds'): an RDS Data API ExecuteStatement
// result -> one list of row objects per statement, keyed by column label.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function arrayValue(array: Json): unknown[] {
  for (const key of ['booleanValues', 'longValues', 'doubleValues', 'stringValues']) {
    if (Array.isArray(array[key])) return array[key] as unknown[];
  }
  return Array.isArray(array.arrayValues) ? (array.arrayValues as Json[]).map(arrayValue) : [];
}

function columnValue(field: unknown): unknown {
  if (!isObject(field) || field.isNull === true) return null;
  if (isObject(field.arrayValue)) return arrayValue(field.arrayValue);
  if (Array.isArray(field.arrayValues)) return field.arrayValues.map(columnValue);
  if (isObject(field.structValue) && Array.isArray(field.structValue.attributes)) return field.structValue.attributes.map(columnValue);
  for (const key of ['stringValue', 'longValue', 'doubleValue', 'booleanValue', 'blobValue', 'bigIntValue', 'intValue', 'realValue', 'bitValue']) {
    if (key in field) return field[key];
  }
  return null;
}

function rowsOf(result: Json): Json[] {
  const columns = Array.isArray(result.columnMetadata) ? (result.columnMetadata as Json[]) : [];
  const records = Array.isArray(result.records) ? (result.records as unknown[][]) : [];
  return records.map((record) => Object.fromEntries(record.map((field, index) => {
    const column = columns[index] ?? {};
    return [String(column.label ?? column.name ?? index), columnValue(field)];
  })));
}

/** null when the value is not an ExecuteStatement result (a JSON string or object). */
export function toJsonObject(data: unknown): Json[][] | null {
  let parsed: unknown = data;
  if (typeof data === 'string') {
    try {
      parsed = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (!isObject(parsed) || !Array.isArray(parsed.sqlStatementResults)) return null;
  return (parsed.sqlStatementResults as unknown[]).map((result) => (isObject(result) ? rowsOf(result) : []));
}
