// Tokenizes java.time.format.DateTimeFormatter patterns: letters, 'quoted text',
// '' (a quote), and [optional sections].
// https://docs.oracle.com/javase/8/docs/api/java/time/format/DateTimeFormatter.html

export class InvalidDatePatternError extends Error {
  override name = 'InvalidDatePatternError';
}

export type PatternToken =
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'literal'; text: string }
  | { kind: 'optional'; tokens: PatternToken[] };

/** Largest letter counts Java accepts (beyond them ofPattern throws "Too many pattern letters"). */
const MAX_COUNT: Record<string, number> = {
  G: 5, u: 19, y: 19, Y: 19, Q: 5, q: 5, M: 5, L: 5, w: 2, W: 1, d: 2, D: 3, F: 1, E: 5, e: 5, c: 5,
  a: 1, h: 2, K: 2, k: 2, H: 2, m: 2, s: 2, S: 9, A: 19, n: 19, N: 19,
  V: 2, z: 4, O: 4, X: 5, x: 5, Z: 5,
};

const cache = new Map<string, PatternToken[]>();

export function tokenizePattern(pattern: string): PatternToken[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const tokens = parseSection(String(pattern), { index: 0 }, false);
  cache.set(pattern, tokens);
  return tokens;
}

function parseSection(pattern: string, cursor: { index: number }, nested: boolean): PatternToken[] {
  const tokens: PatternToken[] = [];
  const pushLiteral = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  while (cursor.index < pattern.length) {
    const char = pattern.charAt(cursor.index);
    if (char === ']') {
      if (!nested) throw new InvalidDatePatternError(`Pattern invalid as it contains ] without previous [: ${pattern}`);
      cursor.index += 1;
      return tokens;
    }
    if (char === '[') {
      cursor.index += 1;
      tokens.push({ kind: 'optional', tokens: parseSection(pattern, cursor, true) });
      continue;
    }
    if (char === "'") {
      const end = findClosingQuote(pattern, cursor.index + 1);
      const body = pattern.slice(cursor.index + 1, end);
      pushLiteral(body === '' ? "'" : body.replace(/''/g, "'"));
      cursor.index = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern.charAt(cursor.index + count) === char) count += 1;
      const max = MAX_COUNT[char];
      if (max === undefined) throw new InvalidDatePatternError(`Unknown pattern letter: ${char}`);
      if (count > max || (char === 'V' && count !== 2)) throw new InvalidDatePatternError(`Too many pattern letters: ${char}`);
      tokens.push({ kind: 'field', letter: char, count });
      cursor.index += count;
      continue;
    }
    if (char === '{' || char === '}' || char === '#') throw new InvalidDatePatternError(`Pattern includes reserved character: '${char}'`);
    pushLiteral(char);
    cursor.index += 1;
  }
  // Java closes a section left open at the end of the pattern.
  return tokens;
}

function findClosingQuote(pattern: string, from: number): number {
  let index = from;
  while (index < pattern.length) {
    if (pattern.charAt(index) === "'") {
      if (pattern.charAt(index + 1) === "'" && index !== from) {
        index += 2;
        continue;
      }
      return index;
    }
    index += 1;
  }
  throw new InvalidDatePatternError(`Pattern ends with an incomplete string literal: ${pattern}`);
}
