import { describe, expect, it } from 'vitest';
import { collectHistory, toConverseMessages, type HistoryMessage } from './history.js';

async function* iterate(messages: HistoryMessage[], reads: { count: number }) {
  for (const message of messages) {
    reads.count++;
    yield message;
  }
}

const user = (id: string, content: string): HistoryMessage => ({ id, role: 'USER', content, status: 'COMPLETE' });
const assistant = (id: string, content: string, status = 'COMPLETE'): HistoryMessage => ({ id, role: 'ASSISTANT', content, status });

describe('collectHistory', () => {
  it('skips the placeholder, failed, streaming and empty answers, and returns oldest first', async () => {
    const newestFirst = [
      assistant('A3', '', 'STREAMING'), // the placeholder being generated
      user('U3', 'third question'),
      assistant('A2', 'partial', 'FAILED'),
      user('U2', 'second question'),
      assistant('A1b', '   ', 'COMPLETE'),
      assistant('A1', 'first answer'),
      assistant('A0', 'stopped early', 'CANCELLED'),
      user('U1', 'first question'),
    ];
    const history = await collectHistory(iterate(newestFirst, { count: 0 }), { excludeMessageId: 'A3', budgetTokens: 1000 });
    expect(history.map((m) => m.id)).toEqual(['U1', 'A0', 'A1', 'U2', 'U3']);
  });

  it('stops at the budget (about 4 characters per token) and stops reading', async () => {
    const newestFirst = [user('U3', 'x'.repeat(40)), assistant('A2', 'y'.repeat(40)), user('U2', 'z'.repeat(40)), assistant('A1', 'w'), user('U1', 'v')];
    const reads = { count: 0 };
    const history = await collectHistory(iterate(newestFirst, reads), { excludeMessageId: 'none', budgetTokens: 25 });
    expect(history.map((m) => m.id)).toEqual(['A2', 'U3']); // 10 + 10 tokens; U2 would make 30
    expect(reads.count).toBe(3);
  });

  it('keeps the newest question even when it alone exceeds the budget', async () => {
    const history = await collectHistory(iterate([user('U1', 'q'.repeat(1000))], { count: 0 }), { excludeMessageId: 'A', budgetTokens: 10 });
    expect(history.map((m) => m.id)).toEqual(['U1']);
  });
});

describe('toConverseMessages', () => {
  it('starts with USER, alternates roles by merging neighbours, and ends with USER', () => {
    const messages = toConverseMessages([
      assistant('A0', 'orphan answer'),
      user('U1', 'one'),
      user('U2', 'two'),
      assistant('A1', 'answer'),
      assistant('A2', 'more'),
      user('U3', 'three'),
      assistant('A3', 'dangling'),
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ text: 'one\n\ntwo' }] },
      { role: 'assistant', content: [{ text: 'answer\n\nmore' }] },
      { role: 'user', content: [{ text: 'three' }] },
    ]);
  });

  it('is empty when there is no user message', () => {
    expect(toConverseMessages([assistant('A1', 'x')])).toEqual([]);
  });
});
