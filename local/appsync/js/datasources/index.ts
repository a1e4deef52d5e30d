// Routes a request object to its data source.
import type { DataSourceDefinition, DataSourceServices } from '../../types.js';
import { InvalidRequestError } from '../errors.js';
import { BedrockDataSource } from './bedrock.js';
import { DynamoDBDataSource } from './dynamodb/index.js';
import { invokeHttp } from './http.js';
import type { ConditionCaller } from './dynamodb/condition-handler.js';
import { invokeLambda, type LambdaCallOptions } from './lambda.js';
import { LambdaBatcher } from './lambda-batch.js';

/** Who calls a data source: the resolver or function (Lambda batches by it) and the field it resolves. */
export interface DataSourceCaller extends LambdaCallOptions {
  field: ConditionCaller;
}

export class DataSourceNotSupportedError extends Error {
  override name = 'DataSourceNotSupportedError';
}

export class DataSourceRouter {
  private readonly dynamodb: DynamoDBDataSource;
  private readonly bedrock: BedrockDataSource;
  private readonly lambdaBatcher: LambdaBatcher;

  constructor(private readonly services: DataSourceServices) {
    this.dynamodb = new DynamoDBDataSource(services);
    this.bedrock = new BedrockDataSource(services.bedrock);
    this.lambdaBatcher = new LambdaBatcher(services);
  }

  async invoke(dataSource: DataSourceDefinition, request: unknown, caller: DataSourceCaller): Promise<unknown> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw new InvalidRequestError(`The request handler must return an object for data source '${dataSource.name}'`);
    }
    const body = request as Record<string, unknown>;
    switch (dataSource.type) {
      case 'NONE':
        // https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-none-js.html
        return body.payload ?? null;
      case 'AMAZON_DYNAMODB':
        return this.dynamodb.invoke(dataSource.tableName, body, caller.field);
      case 'AWS_LAMBDA':
        return invokeLambda(this.services, this.lambdaBatcher, dataSource.functionName, body, caller);
      case 'HTTP':
        return invokeHttp(this.services, dataSource, body);
      case 'AMAZON_BEDROCK_RUNTIME':
        return this.bedrock.invoke(dataSource.name, body);
      default: {
        const unknown: never = dataSource;
        throw new DataSourceNotSupportedError(`Unknown data source type in ${JSON.stringify(unknown)}`);
      }
    }
  }

  close(): void {
    this.dynamodb.close();
    this.bedrock.close();
  }
}
