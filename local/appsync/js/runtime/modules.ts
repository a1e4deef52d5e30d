// What APPSYNC_JS code can import, and the globals the runtime also provides:
// @aws-appsync/utils' lib/index.d.ts declares util, extensions and runtime as globals,
// and https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html uses util unimported.
import { aiModule } from './ai-module.js';
import { dynamodbModule } from './dynamodb-module.js';
import { rdsModule } from './rds-module.js';
import { extensions, runtime } from './runtime-and-extensions.js';
import { util } from './util.js';

export const APPSYNC_JS_GLOBALS = Object.freeze({ util, extensions, runtime });

export const APPSYNC_JS_MODULES: Readonly<Record<string, unknown>> = Object.freeze({
  '@aws-appsync/utils': APPSYNC_JS_GLOBALS,
  '@aws-appsync/utils/dynamodb': Object.freeze({ ...dynamodbModule }),
  '@aws-appsync/utils/rds': Object.freeze({ ...rdsModule }),
  '@aws-appsync/utils/ai': Object.freeze({ ...aiModule }),
});
