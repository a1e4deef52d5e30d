// Chooses the conversation history sent to the model: newest first within a token budget, then
// oldest first with roles alternating and a USER message first (as Converse requires).
import type { Message } from '@aws-sdk/client-bedrock-runtime';

export type MessageRole = 'USER' | 'ASSISTANT';

export interface HistoryMessage {
  id: string;
  role: MessageRole;
  content: string;
  status: string;
}

export interface HistoryOptions {
  /** The assistant placeholder being generated. */
  excludeMessageId: string;
  budgetTokens: number;
}

/** A rough estimate (~4 characters per token) that needs no tokenizer. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Skips the placeholder, empty messages and answers that did not finish (FAILED, STREAMING). */
export function isUsableHistoryMessage(message: HistoryMessage, excludeMessageId: string): boolean {
  if (message.id === excludeMessageId || message.content.trim().length === 0) return false;
  if (message.role === 'ASSISTANT') return message.status === 'COMPLETE' || message.status === 'CANCELLED';
  return true;
}

/**
 * Reads messages newest first and keeps them while they fit the budget (the newest usable one is
 * always kept: it is the question). Stops reading at the first that does not fit, so the history
 * has no holes. Returns them oldest first.
 */
export async function collectHistory(newestFirst: AsyncIterable<HistoryMessage>, options: HistoryOptions): Promise<HistoryMessage[]> {
  const selected: HistoryMessage[] = [];
  let usedTokens = 0;
  for await (const message of newestFirst) {
    if (!isUsableHistoryMessage(message, options.excludeMessageId)) continue;
    const cost = estimateTokens(message.content);
    if (selected.length > 0 && usedTokens + cost > options.budgetTokens) break;
    selected.push(message);
    usedTokens += cost;
  }
  return selected.reverse();
}

/** Merges same-role neighbours and trims the ends so the list starts and ends with USER. */
export function toConverseMessages(oldestFirst: HistoryMessage[]): Message[] {
  const merged: { role: MessageRole; texts: string[] }[] = [];
  for (const message of oldestFirst) {
    const last = merged.at(-1);
    if (last && last.role === message.role) last.texts.push(message.content);
    else if (last || message.role === 'USER') merged.push({ role: message.role, texts: [message.content] });
  }
  while (merged.at(-1)?.role === 'ASSISTANT') merged.pop();
  return merged.map((entry) => ({
    role: entry.role === 'USER' ? 'user' : 'assistant',
    content: [{ text: entry.texts.join('\n\n') }],
  }));
}
