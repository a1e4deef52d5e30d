// What a streamed answer needs from storage, whatever holds it (a chat message, an advert variant).
import type { TokenUsage } from '../bedrock.js';
import type { ChunkError } from './chunk-batcher.js';

/**
 * written: the update applied. cancelled: the answer was cancelled meanwhile. gone: its record
 * was deleted. finished: another writer already finished it (a duplicate invoke, or a newer
 * generation replaced it).
 */
export type WriteOutcome = 'written' | 'cancelled' | 'gone' | 'finished';

export interface FinalAnswer {
  status: 'COMPLETE' | 'FAILED' | 'CANCELLED';
  content: string;
  updatedAt: string;
  stopReason?: string | null;
  usage?: TokenUsage | null;
  error?: ChunkError | null;
}

/** Writes of one answer's record; each is conditional on the answer still being this stream's. */
export interface AnswerStore {
  /** Saves the content so far, only while the answer is STREAMING. */
  checkpoint(content: string, updatedAt: string): Promise<WriteOutcome>;
  /** The one final write: from STREAMING (or, for CANCELLED, also from CANCELLED). */
  finish(final: FinalAnswer): Promise<WriteOutcome>;
}
