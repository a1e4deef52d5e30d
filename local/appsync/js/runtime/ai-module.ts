// The '@aws-appsync/utils/ai' module: request objects for a Bedrock Runtime data source.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-bedrock-js.html
type Json = Record<string, unknown>;

export const invokeModel = (payload: Json): Json => ({ operation: 'InvokeModel', ...payload });
export const converse = (payload: Json): Json => ({ operation: 'Converse', ...payload });

export const aiModule = { invokeModel, converse };
