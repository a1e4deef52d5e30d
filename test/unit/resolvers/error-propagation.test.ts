// DESIGN: every response handler raises ctx.error. This walks every file the
// stack wires, so a new resolver that forgets raiseIfError fails here.
import { describe, expect, it } from 'vitest';
import { DYNAMODB_FAILURE, conversationItem, expectError, resolverFile, wiredResolverFiles } from './evaluate-resolver.js';

/**
 * Record a failed start for a later step to raise, because something is already stored then:
 * 05.failUnstarted marks the messages (send-message.test.ts), 05.recordExecution the job (workflows-start.test.ts),
 * the adverts' failUnstarted the variants (adverts-create.test.ts, adverts-regenerate.test.ts).
 */
const DEFERS_ERROR = new Set([
  'Mutation.sendMessage/04.startGeneration.chatStreamFunction.ts',
  'Mutation.startWorkflow/04.startExecution.stepFunctions.ts',
  'Mutation.createAdvert/02.startStream.advertStreamFunction.ts',
  'Mutation.regenerateAdvertVariant/03.startStream.advertStreamFunction.ts',
]);

const args = { id: 'c1', conversationId: 'c1', messageId: 'm2', input: { conversationId: 'c1', content: 'hi' } };
const stash = { conversation: conversationItem(), sendResult: { userMessage: { id: 'u1' }, assistantMessageId: 'a1' } };

describe('response handlers raise a data source error', () => {
  it('covers the wired files', () => {
    expect(wiredResolverFiles().length).toBeGreaterThanOrEqual(20);
  });

  it.each(wiredResolverFiles().filter((path) => !DEFERS_ERROR.has(path)))('%s', (path) => {
    const out = resolverFile(path).response({ arguments: args, stash, result: null, error: DYNAMODB_FAILURE });
    expectError(out, DYNAMODB_FAILURE.type, DYNAMODB_FAILURE.message);
  });
});
