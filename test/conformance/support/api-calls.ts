// Which declared functions a piece of APPSYNC_JS code calls, read from its syntax tree:
// imports are followed ('import * as ddb', 'operations as ops', 'import { sql }') and the
// globals util / extensions / runtime count too. Names match declaredSurface().
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';

const MODULE_NAMESPACES: Record<string, string> = {
  '@aws-appsync/utils/dynamodb': 'dynamodb',
  '@aws-appsync/utils/rds': 'rds',
  '@aws-appsync/utils/ai': 'ai',
};
const GLOBALS = ['util', 'extensions', 'runtime'];

type AnyNode = Node & Record<string, unknown>;

/** Local binding -> dotted API prefix, from the code's import declarations. */
function bindings(program: AnyNode): Map<string, string> {
  const map = new Map<string, string>(GLOBALS.map((name) => [name, name]));
  for (const statement of program.body as AnyNode[]) {
    if (statement.type !== 'ImportDeclaration') continue;
    const from = String((statement.source as AnyNode).value);
    const namespace = MODULE_NAMESPACES[from];
    for (const specifier of statement.specifiers as AnyNode[]) {
      const local = String((specifier.local as AnyNode).name);
      if (specifier.type === 'ImportNamespaceSpecifier' && namespace) map.set(local, namespace);
      if (specifier.type === 'ImportSpecifier') {
        const imported = String((specifier.imported as AnyNode).name);
        map.set(local, namespace ? `${namespace}.${imported}` : imported);
      }
    }
  }
  return map;
}

/** `a.b.c` -> ['a', 'b', 'c']; undefined for computed or non-identifier chains. */
function memberPath(node: AnyNode): string[] | undefined {
  if (node.type === 'Identifier') return [String(node.name)];
  if (node.type === 'MemberExpression' && !node.computed) {
    const head = memberPath(node.object as AnyNode);
    return head && [...head, String((node.property as AnyNode).name)];
  }
  return undefined;
}

export function apiCallsIn(code: string): string[] {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AnyNode;
  const prefixes = bindings(program);
  const calls = new Set<string>();
  const record = (callee: AnyNode): void => {
    const path = memberPath(callee);
    const prefix = path && prefixes.get(path[0] ?? '');
    if (path && prefix) calls.add([prefix, ...path.slice(1)].join('.'));
  };
  simple(program, {
    CallExpression: (node) => record((node as unknown as AnyNode).callee as AnyNode),
    TaggedTemplateExpression: (node) => record((node as unknown as AnyNode).tag as AnyNode),
  });
  return [...calls].sort();
}
