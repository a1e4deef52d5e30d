import { Fn } from 'aws-cdk-lib';
import type { ISchema, ISchemaConfig } from 'aws-cdk-lib/aws-appsync';
import type { aws_appsync as appsyncRefs } from 'aws-cdk-lib/interfaces';

/** An inline schema definition for GraphqlApi (Definition.fromSchema), from the merged document's text. */
export class InlineSchema implements ISchema {
  constructor(readonly definition: string) {}

  bind(api: appsyncRefs.IGraphQLApiRef): ISchemaConfig {
    const apiId =
      'apiId' in api && typeof api.apiId === 'string'
        ? api.apiId
        : Fn.select(1, Fn.split('/', api.graphQlApiRef.graphQlApiArn));
    return { apiId, definition: this.definition };
  }
}
