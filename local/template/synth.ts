// Synthesizes the CDK app in-process (offline) and reads its one stack's
// template: the sandbox runs exactly what would be deployed.
import { readFileSync } from 'node:fs';
import { createApp } from '../../infra/app.js';
import type { CfnTemplate } from './read-template.js';

export interface SynthesizedStack {
  template: CfnTemplate;
  assemblyDir: string;
}

export function synthesizeStack(outdir: string, context: Record<string, unknown> = {}): SynthesizedStack {
  // The CLI sets this context; without it Lambda resources carry no aws:asset:path metadata.
  const assembly = createApp({ outdir, context: { 'aws:cdk:enable-asset-metadata': true, ...context } }).synth();
  const stacks = assembly.stacks;
  if (stacks.length !== 1) throw new Error(`expected one stack in the CDK app, found ${stacks.length}`);
  const stack = stacks[0]!;
  return {
    template: JSON.parse(readFileSync(stack.templateFullPath, 'utf8')) as CfnTemplate,
    assemblyDir: assembly.directory,
  };
}
