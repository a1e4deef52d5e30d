// Reads the wiring out of resolvers/ file names (README "Resolver files carry the wiring"):
//   <Type>.<field>.<dataSource>.ts          a unit resolver
//   <Type>.<field>/NN.<step>.<dataSource>.ts  a pipeline step; resolver.ts the optional before/after
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ResolverWiringError } from '../errors.js';

export interface SourceFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the repository, e.g. resolvers/Query.conversation.chatTable.ts. */
  sourcePath: string;
}

export interface UnitResolverSpec extends SourceFile {
  kind: 'UNIT';
  typeName: string;
  fieldName: string;
  dataSourceName: string;
}

export interface PipelineStepSpec extends SourceFile {
  order: number;
  stepName: string;
  dataSourceName: string;
}

export interface PipelineResolverSpec {
  kind: 'PIPELINE';
  typeName: string;
  fieldName: string;
  /** The folder, relative to the repository. */
  sourcePath: string;
  steps: PipelineStepSpec[];
  /** resolver.ts, when the folder has one. */
  handlers?: SourceFile;
}

export type ResolverSpec = UnitResolverSpec | PipelineResolverSpec;

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const UNIT_FILE = new RegExp(`^(${NAME})\\.(${NAME})\\.(${NAME})\\.ts$`);
const PIPELINE_DIR = new RegExp(`^(${NAME})\\.(${NAME})$`);
const STEP_FILE = new RegExp(`^(\\d{2})\\.(${NAME})\\.(${NAME})\\.ts$`);
const PIPELINE_HANDLERS_FILE = 'resolver.ts';
/** Folders of resolvers/ that hold shared code, not wiring. */
const SHARED_DIRS = new Set(['lib', 'generated']);

const isIgnoredFile = (name: string) => name.endsWith('.test.ts') || name.endsWith('.d.ts') || !name.endsWith('.ts');
const isIgnoredDir = (name: string) => SHARED_DIRS.has(name) || name.startsWith('.') || name.startsWith('_');

/** Every resolver the folder describes, in a stable order; a misnamed file fails with its path. */
export function scanResolvers(resolversDir: string, repoRoot: string): ResolverSpec[] {
  const sourceFile = (file: string): SourceFile => ({ file, sourcePath: relative(repoRoot, file).split('\\').join('/') });
  const problems: string[] = [];
  const specs: ResolverSpec[] = [];

  for (const name of readdirSync(resolversDir).sort()) {
    const path = join(resolversDir, name);
    if (statSync(path).isDirectory()) {
      if (isIgnoredDir(name)) continue;
      const match = PIPELINE_DIR.exec(name);
      if (!match) {
        problems.push(`${sourceFile(path).sourcePath}: a pipeline folder is named <Type>.<field>`);
        continue;
      }
      const pipeline = scanPipeline(path, match[1]!, match[2]!, sourceFile, problems);
      if (pipeline) specs.push(pipeline);
      continue;
    }
    if (isIgnoredFile(name)) continue;
    const match = UNIT_FILE.exec(name);
    if (!match) {
      problems.push(`${sourceFile(path).sourcePath}: a unit resolver file is named <Type>.<field>.<dataSource>.ts`);
      continue;
    }
    specs.push({ kind: 'UNIT', typeName: match[1]!, fieldName: match[2]!, dataSourceName: match[3]!, ...sourceFile(path) });
  }

  const seen = new Map<string, string>();
  for (const spec of specs) {
    const key = `${spec.typeName}.${spec.fieldName}`;
    const previous = seen.get(key);
    if (previous) problems.push(`${spec.sourcePath}: ${key} already has a resolver in ${previous}`);
    seen.set(key, spec.sourcePath);
  }

  if (problems.length > 0) throw new ResolverWiringError(`resolver files are misnamed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return specs;
}

function scanPipeline(
  dir: string,
  typeName: string,
  fieldName: string,
  sourceFile: (file: string) => SourceFile,
  problems: string[],
): PipelineResolverSpec | undefined {
  const steps: PipelineStepSpec[] = [];
  let handlers: SourceFile | undefined;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      problems.push(`${sourceFile(path).sourcePath}: pipeline folders hold step files only`);
      continue;
    }
    if (isIgnoredFile(name)) continue;
    if (name === PIPELINE_HANDLERS_FILE) {
      handlers = sourceFile(path);
      continue;
    }
    const match = STEP_FILE.exec(name);
    if (!match) {
      problems.push(`${sourceFile(path).sourcePath}: a pipeline step is named NN.<step>.<dataSource>.ts (or resolver.ts)`);
      continue;
    }
    steps.push({ order: Number(match[1]), stepName: match[2]!, dataSourceName: match[3]!, ...sourceFile(path) });
  }
  const folder = sourceFile(dir).sourcePath;
  if (steps.length === 0) {
    problems.push(`${folder}: a pipeline folder needs at least one NN.<step>.<dataSource>.ts`);
    return undefined;
  }
  steps.sort((a, b) => a.order - b.order);
  steps.forEach((step, index) => {
    const next = steps[index + 1];
    if (next && next.order === step.order) problems.push(`${folder}: steps ${step.sourcePath} and ${next.sourcePath} share the number ${step.order}`);
  });
  return { kind: 'PIPELINE', typeName, fieldName, sourcePath: folder, steps, ...(handlers ? { handlers } : {}) };
}
