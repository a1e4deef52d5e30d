// Markdown to plain text: the words a reader sees, without the syntax. No Markdown library is a
// dependency and the job is small: a line-based pass (fences, headings, quotes, lists, tables,
// rules, link definitions) then inline syntax (images, links, code, emphasis, HTML tags, escapes).

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

// Escaped characters are set aside (as private-use code points) so no rule below sees them.
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!|>~<])/g;
const PROTECTED_BASE = 0xe000;
const protect = (line: string) => line.replace(ESCAPED, (_match, char: string) => String.fromCharCode(PROTECTED_BASE + char.charCodeAt(0)));
const restore = (line: string) => line.replace(/[\ue000-\ue07f]/g, (char) => String.fromCharCode(char.charCodeAt(0) - PROTECTED_BASE));

function inline(line: string): string {
  return restore(
    protect(line)
      // ![alt](src) -> alt ; [text](href "title") -> text ; [text][ref] -> text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      // <https://example.com> -> https://example.com
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      // inline HTML tags
      .replace(/<\/?[A-Za-z][^>]*>/g, '')
      // `code` -> code
      .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_match, _ticks: string, code: string) => code.trim())
      // **strong**, __strong__, *em*, _em_ (not inside words: snake_case stays), ~~strike~~
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1$2')
      .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1'),
  );
}

export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]?.[0] === fence[0] && (fenceMatch[1]?.length ?? 0) >= fence.length) fence = undefined;
      else out.push(raw);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    let line = raw;
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) continue; // [ref]: https://...
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // --- *** ___
    if (/^\s{0,3}(=+|-+)\s*$/.test(line) && out.length > 0 && out.at(-1)?.trim()) continue; // setext underline
    if (line.includes('|') && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line)) continue; // table delimiter row
    line = line
      .replace(/^(\s*>)+\s?/, '') // blockquote
      .replace(/^\s{0,3}#{1,6}\s+/, '') // ATX heading
      .replace(/\s+#+\s*$/, '') // closing hashes
      .replace(/^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '$1'); // list markers, task boxes
    if (/^\s*\|.*\|\s*$/.test(line)) {
      line = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .join(' | ');
    }
    out.push(inline(line));
  }
  return out.join('\n');
}
