import { runPage } from './support/conformance.js';
import { builtInModulesDynamodbPage } from './pages/built-in-modules-dynamodb.js';

runPage(builtInModulesDynamodbPage);
