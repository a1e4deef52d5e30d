// Wires every file of resolvers/ to the API: unit resolvers, pipeline functions
// in NN order and their pipeline resolvers, each with its bundled code and an
// `appsync:source` metadata entry the sandbox uses in error messages.
import { Annotations } from 'aws-cdk-lib';
import {
  AppsyncFunction,
  Code,
  FunctionRuntime,
  Resolver,
  type BaseDataSource,
  type CfnFunctionConfiguration,
  type CfnResolver,
  type GraphqlApi,
} from 'aws-cdk-lib/aws-appsync';
import { Construct } from 'constructs';
import { Kind, type DocumentNode } from 'graphql';
import { ResolverWiringError } from '../errors.js';
import { PASS_THROUGH_PIPELINE_CODE, bundleResolverCode } from '../resolvers/bundle.js';
import { checkResolverSpecs, checkSubscriptions } from '../resolvers/check.js';
import { scanResolvers, type PipelineResolverSpec, type UnitResolverSpec } from '../resolvers/scan.js';

export const APPSYNC_SOURCE_METADATA = 'appsync:source';

export interface ResolversProps {
  api: GraphqlApi;
  /** The data sources resolver file names may name, by name. */
  dataSources: Record<string, BaseDataSource>;
  /** The merged schema the file names are checked against. */
  schema: DocumentNode;
  /** The folder to scan (resolvers/; a temporary folder in tests). */
  resolversDir: string;
  /** Paths in metadata and errors are relative to it. */
  repoRoot: string;
}

export class Resolvers extends Construct {
  readonly resolvers: Resolver[] = [];
  readonly functions: AppsyncFunction[] = [];

  constructor(scope: Construct, id: string, private readonly props: ResolversProps) {
    super(scope, id);
    checkSubscriptions(props.schema);
    const specs = scanResolvers(props.resolversDir, props.repoRoot);
    checkResolverSpecs(specs, props.schema, Object.keys(props.dataSources));
    for (const spec of specs) {
      if (spec.kind === 'UNIT') this.addUnitResolver(spec);
      else this.addPipelineResolver(spec);
    }
    this.warnAboutRootFieldsWithoutResolver(specs.map((s) => `${s.typeName}.${s.fieldName}`));
  }

  private bundle(file: string): Code {
    return Code.fromInline(bundleResolverCode(file, { resolversDir: this.props.resolversDir, repoRoot: this.props.repoRoot }));
  }

  private dataSource(name: string): BaseDataSource {
    const dataSource = this.props.dataSources[name];
    if (!dataSource) throw new ResolverWiringError(`data source "${name}" does not exist`);
    return dataSource;
  }

  private addUnitResolver(spec: UnitResolverSpec): void {
    const resolver = new Resolver(this, `${spec.typeName}.${spec.fieldName}`, {
      api: this.props.api,
      typeName: spec.typeName,
      fieldName: spec.fieldName,
      dataSource: this.dataSource(spec.dataSourceName),
      runtime: FunctionRuntime.JS_1_0_0,
      code: this.bundle(spec.file),
    });
    (resolver.node.defaultChild as CfnResolver).addMetadata(APPSYNC_SOURCE_METADATA, spec.sourcePath);
    this.resolvers.push(resolver);
  }

  private addPipelineResolver(spec: PipelineResolverSpec): void {
    const pipelineConfig = spec.steps.map((step) => {
      const name = `${spec.typeName}_${spec.fieldName}_${String(step.order).padStart(2, '0')}_${step.stepName}`;
      const fn = new AppsyncFunction(this, name, {
        api: this.props.api,
        name,
        dataSource: this.dataSource(step.dataSourceName),
        runtime: FunctionRuntime.JS_1_0_0,
        code: this.bundle(step.file),
      });
      (fn.node.defaultChild as CfnFunctionConfiguration).addMetadata(APPSYNC_SOURCE_METADATA, step.sourcePath);
      this.functions.push(fn);
      return fn;
    });
    const resolver = new Resolver(this, `${spec.typeName}.${spec.fieldName}`, {
      api: this.props.api,
      typeName: spec.typeName,
      fieldName: spec.fieldName,
      pipelineConfig,
      runtime: FunctionRuntime.JS_1_0_0,
      code: spec.handlers ? this.bundle(spec.handlers.file) : Code.fromInline(PASS_THROUGH_PIPELINE_CODE),
    });
    (resolver.node.defaultChild as CfnResolver).addMetadata(APPSYNC_SOURCE_METADATA, spec.handlers?.sourcePath ?? spec.sourcePath);
    this.resolvers.push(resolver);
  }

  /** A Query or Mutation field without a resolver always answers null: worth a warning, not a failure. */
  private warnAboutRootFieldsWithoutResolver(wired: string[]): void {
    for (const node of this.props.schema.definitions) {
      if (node.kind !== Kind.OBJECT_TYPE_DEFINITION || !['Query', 'Mutation'].includes(node.name.value)) continue;
      for (const field of node.fields ?? []) {
        const key = `${node.name.value}.${field.name.value}`;
        if (!wired.includes(key)) {
          Annotations.of(this).addWarningV2('genai:resolver-missing', `${key} has no resolver file in resolvers/`);
        }
      }
    }
  }
}
