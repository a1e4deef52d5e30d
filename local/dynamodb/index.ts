export { startDynamoDBLocal, JavaNotFoundError, DynamoDBLocalStartError, type DynamoDBLocal, type DynamoDBLocalOptions } from './dynamodb-local.js';
