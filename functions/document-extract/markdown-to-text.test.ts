import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown-to-text.js';

describe('markdownToText', () => {
  it.each([
    ['headings', '## Plan ##\nSetext\n======', 'Plan\nSetext'],
    ['emphasis, not snake_case or arithmetic', '**a** __b__ *c* _d_ ~~e~~ snake_case_name 2 * 3 * 4', 'a b c d e snake_case_name 2 * 3 * 4'],
    ['links, images, autolinks, references', '[x](https://a.test "t") ![logo](l.png) <https://b.test> [y][ref]\n[ref]: https://c.test', 'x logo https://b.test y'],
    ['inline code with backticks inside', 'run ``a `b` c`` now', 'run a `b` c now'],
    ['fences keep code, drop the fence', '~~~\n# not a heading\n~~~', '# not a heading'],
    ['lists and task boxes', '- [x] done\n  * nested\n10. tenth', 'done\n  nested\ntenth'],
    ['tables', '| a | b |\n|---|:--:|\n| 1 | 2 |', 'a | b\n1 | 2'],
    ['rules, quotes, HTML and escapes', 'one\n\n---\n\n> > deep <br/> \\*literal\\* \\<b>', 'one\n\n\ndeep  *literal* <b>'],
  ])('%s', (_label, markdown, text) => {
    expect(markdownToText(markdown)).toBe(text);
  });
});
