// Rejects what the APPSYNC_JS runtime does not support, as AppSync does when
// the code is saved. https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html
// (and the rules of @aws-appsync/eslint-plugin).
import { parse, type Node } from 'acorn';
import { full } from 'acorn-walk';

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

const STATEMENTS: Record<string, string> = {
  TryStatement: "'try' statements are not supported",
  ThrowStatement: "'throw' statements are not supported",
  WhileStatement: "'while' loops are not supported",
  DoWhileStatement: "'do-while' loops are not supported",
  ForStatement: "C-style 'for' loops are not supported (use for-of or for-in)",
  ContinueStatement: "'continue' is not supported",
  LabeledStatement: 'labeled statements are not supported',
  ClassDeclaration: 'classes are not supported',
  ClassExpression: 'classes are not supported',
  ThisExpression: "'this' is not supported",
  AwaitExpression: "'await' is not supported",
  YieldExpression: "'yield' is not supported",
};

function problemOf(node: Node & Record<string, unknown>): string | undefined {
  const statement = STATEMENTS[node.type];
  if (statement) return statement;
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.async) return 'async functions are not supported';
      if (node.generator) return 'generators are not supported';
      return undefined;
    case 'Literal':
      return node.regex ? 'regular expression literals are not supported' : undefined;
    case 'UpdateExpression':
      return `the operator ${String(node.operator)} is not supported`;
    case 'UnaryExpression':
      return node.operator === '~' ? 'the operator ~ is not supported' : undefined;
    case 'BinaryExpression':
      return node.operator === 'in' || node.operator === 'instanceof'
        ? `the operator '${String(node.operator)}' is not supported${node.operator === 'in' ? ' (use Object.hasOwn)' : ''}`
        : undefined;
    case 'Identifier':
      return node.name === 'Promise' ? 'Promise is not supported' : undefined;
    default:
      return undefined;
  }
}

/** Returns every unsupported construct in `code` (ESM), with 1-based line numbers. */
export function findUnsupportedSyntax(code: string): SyntaxProblem[] {
  let ast: Node;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    return [{ line: loc?.line ?? 1, column: loc?.column ?? 0, message: `syntax error: ${(error as Error).message}` }];
  }
  const problems: SyntaxProblem[] = [];
  full(ast, (node) => {
    const message = problemOf(node as Node & Record<string, unknown>);
    if (message && node.loc) problems.push({ line: node.loc.start.line, column: node.loc.start.column, message });
  });
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
