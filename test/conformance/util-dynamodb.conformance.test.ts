import { runPage } from './support/conformance.js';
import { utilDynamodbPage } from './pages/util-dynamodb.js';

runPage(utilDynamodbPage);
