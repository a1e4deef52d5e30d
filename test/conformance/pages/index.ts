// Every reference page of the suite, for the coverage report.
import type { ReferencePage } from '../support/conformance.js';
import { bedrockAiModulePage } from './bedrock-ai-module.js';
import { builtInModulesDynamodbPage } from './built-in-modules-dynamodb.js';
import { builtInUtilPage } from './built-in-util.js';
import { extensionsPage } from './extensions.js';
import { rdsModulePage } from './rds-module.js';
import { realtimeEnhancedFilteringPage } from './realtime-enhanced-filtering.js';
import { realtimeInvalidationPage } from './realtime-invalidation.js';
import { runtimeUtilsPage } from './runtime-utils.js';
import { utilDynamodbPage } from './util-dynamodb.js';
import { utilHttpPage } from './util-http.js';
import { utilMathPage } from './util-math.js';
import { utilStrPage } from './util-str.js';
import { utilTimePage } from './util-time.js';
import { utilTransformPage } from './util-transform.js';
import { utilXmlPage } from './util-xml.js';

export const REFERENCE_PAGES: ReferencePage[] = [
  builtInUtilPage, utilTimePage, utilDynamodbPage, utilHttpPage, utilXmlPage, utilTransformPage, utilStrPage,
  utilMathPage, runtimeUtilsPage, extensionsPage, builtInModulesDynamodbPage, rdsModulePage, bedrockAiModulePage,
  realtimeEnhancedFilteringPage, realtimeInvalidationPage,
];
