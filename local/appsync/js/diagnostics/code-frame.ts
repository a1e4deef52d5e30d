// A few lines of a resolver's source around the failing line, read from the working tree (the
// bundle carries no sources: infra bundles with `sourcesContent: false` to keep the template small).
import { readFileSync } from 'node:fs';

const CONTEXT_LINES = 2;

/** `path` is absolute; line and column are 1-based. Undefined when the file is not readable. */
export function codeFrame(path: string, line: number, column?: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const width = String(last).length;
  const frame: string[] = [];
  for (let number = first; number <= last; number += 1) {
    const marker = number === line ? '>' : ' ';
    frame.push(`${marker} ${String(number).padStart(width)} | ${lines[number - 1] ?? ''}`);
    if (number === line && column) frame.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return frame.join('\n');
}
