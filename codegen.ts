import type { CodegenConfig } from '@graphql-codegen/cli';

// One schema, two outputs: resolver argument/result types for APPSYNC_JS code,
// and the client SDK's TypedDocumentNode operations.
const schema = ['schema/aws/appsync-builtins.graphql', 'schema/*.graphql'];

const scalars = {
  ID: 'string',
  AWSDate: 'string',
  AWSTime: 'string',
  AWSDateTime: 'string',
  AWSTimestamp: 'number',
  AWSEmail: 'string',
  AWSJSON: 'string',
  AWSURL: 'string',
  AWSPhone: 'string',
  AWSIPAddress: 'string',
};

const config: CodegenConfig = {
  schema,
  overwrite: true,
  generates: {
    'resolvers/generated/schema-types.ts': {
      plugins: ['typescript'],
      config: { scalars, enumsAsTypes: true, avoidOptionals: false, useTypeImports: true },
    },
    'client/generated/': {
      documents: ['client/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'documentNode' },
    },
  },
};

export default config;
