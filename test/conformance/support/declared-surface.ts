// The functions @aws-appsync/utils declares (its .d.ts files are the complete surface):
// util.*, extensions.*, runtime.* and the /dynamodb, /rds and /ai modules, as dotted
// names such as 'util.time.nowFormatted' or 'dynamodb.operations.increment'.
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@aws-appsync/utils/package.json'));

/** Namespace -> declaration file and the exports that form the namespace. */
const ENTRY_POINTS = [
  { file: 'lib/index.d.ts', roots: ['util', 'extensions', 'runtime'] },
  { file: 'dynamodb.d.ts', namespace: 'dynamodb' },
  { file: 'rds.d.ts', namespace: 'rds' },
  { file: 'ai.d.ts', namespace: 'ai' },
] as const;

function functionsOf(checker: ts.TypeChecker, type: ts.Type, prefix: string, depth: number): string[] {
  if (type.getCallSignatures().length > 0) return [prefix];
  if (depth > 3) return [];
  return checker.getPropertiesOfType(type).flatMap((property) => {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) return [];
    const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
    return functionsOf(checker, propertyType, `${prefix}.${property.getName()}`, depth + 1);
  });
}

let cached: string[] | undefined;

export function declaredSurface(): string[] {
  if (cached) return cached;
  const files = ENTRY_POINTS.map((entry) => path.join(packageDir, entry.file));
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, strict: true, types: [] });
  const checker = program.getTypeChecker();
  const names: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const source = program.getSourceFile(path.join(packageDir, entry.file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!source || !moduleSymbol) throw new Error(`Cannot read the declarations in ${entry.file}`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!(resolved.flags & ts.SymbolFlags.Value)) continue;
      const name = symbol.getName();
      if ('roots' in entry && !(entry.roots as readonly string[]).includes(name)) continue;
      const prefix = 'namespace' in entry ? `${entry.namespace}.${name}` : name;
      names.push(...functionsOf(checker, checker.getTypeOfSymbolAtLocation(resolved, source), prefix, 0));
    }
  }
  cached = [...new Set(names)].sort();
  return cached;
}
