// Workflow jobs end to end on the sandbox: each kind runs its Step Functions
// state machine, every step change is pushed in order, the result is stored.
import { afterEach, describe, expect, it } from 'vitest';
import { JobDocument, JobsDocument } from '../../client/index.js';
import { resultOf, runJob, stepTransitions } from '../support/jobs.js';
import { clientAs, modelAdmin, sandbox } from '../support/sandbox-context.js';

type ModelStats = { requests: { byOperation: Record<string, number> } };
const invokeRequests = async () => ((await modelAdmin('stats')) as ModelStats).requests.byOperation.invoke ?? 0;

const DOCUMENT = `Tide pools are rocky coastal habitats. At low tide, anemones, sea stars and crabs
stay in shallow pools of sea water. Visitors should step carefully and never remove animals.`;

describe('workflow jobs', () => {
  afterEach(async () => {
    await modelAdmin('faults', { method: 'DELETE' });
  });

  it('DOCUMENT_ANALYSIS: extract -> analyze -> summarize, every step pushed in order, result stored', async () => {
    const alice = clientAs('alice');
    const { started, updates, final } = await runJob(alice, { kind: 'DOCUMENT_ANALYSIS', input: { document: { text: DOCUMENT, format: 'TEXT' } } });

    // Created QUEUED; the execution may already have marked it RUNNING when the mutation answers.
    expect(['QUEUED', 'RUNNING']).toContain(started.status);
    expect(updates[0]?.status).toBe('RUNNING');
    expect(final.status).toBe('SUCCEEDED');
    const versions = updates.map((u) => u.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(stepTransitions(updates)).toEqual([
      'extract:RUNNING', 'extract:SUCCEEDED', 'analyze:RUNNING', 'analyze:SUCCEEDED', 'summarize:RUNNING', 'summarize:SUCCEEDED',
    ]);
    for (const step of final.steps) {
      expect(step.startedAt && step.endedAt && step.startedAt <= step.endedAt).toBe(true);
    }

    const result = resultOf<{ analysis: string; summary: string; usage: Record<string, { inputTokens: number; outputTokens: number }> }>(final);
    expect(result.analysis.length).toBeGreaterThan(0);
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.usage.analyze?.outputTokens).toBeGreaterThan(0);
    expect(result.usage.summarize?.outputTokens).toBeGreaterThan(0);

    const { job } = await alice.query(JobDocument, { id: started.id });
    expect(job).toMatchObject({ status: 'SUCCEEDED', version: final.version });
    expect(resultOf(job!)).toEqual(result);
    const { jobs } = await alice.query(JobsDocument, { limit: 100 });
    expect(jobs.items.map((j) => j.id)).toContain(started.id);
    alice.close();
  });

  it('DOCUMENT_ANALYSIS reads an HTML document by URL from the sandbox', async () => {
    const url = `${sandbox().adminUrl}/files/tide-pools.html`;
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: `<html><body><h1>Tide pools</h1><p>${DOCUMENT}</p></body></html>` });
    expect(put.status).toBe(201);
    const alice = clientAs('alice');
    const { final } = await runJob(alice, { kind: 'DOCUMENT_ANALYSIS', input: { document: { url, format: 'HTML' } } });
    expect(final.status, JSON.stringify(final.error)).toBe('SUCCEEDED');
    alice.close();
  });

  it('CONTENT_INSIGHTS: sentiment and keywords in parallel, validated and combined', async () => {
    const alice = clientAs('alice');
    const text = 'I absolutely love these hiking boots: comfortable, waterproof and light on long mountain trails.';
    const { final, updates } = await runJob(alice, { kind: 'CONTENT_INSIGHTS', input: { text } });

    expect(final.status).toBe('SUCCEEDED');
    const transitions = stepTransitions(updates);
    for (const step of ['sentiment', 'keywords']) {
      expect(transitions.indexOf(`${step}:RUNNING`)).toBeLessThan(transitions.indexOf(`${step}:SUCCEEDED`));
    }
    const result = resultOf<{ sentiment: { label: string; score: number }; keywords: string[] }>(final);
    expect(['positive', 'negative', 'neutral', 'mixed']).toContain(result.sentiment.label.toLowerCase());
    expect(result.keywords.length).toBeGreaterThan(0);
    for (const keyword of result.keywords) expect(text.toLowerCase()).toContain(keyword.toLowerCase());
    alice.close();
  });

  it('CONTENT_INSIGHTS fails the step when the model returns invalid structured output', async () => {
    const alice = clientAs('alice');
    const marker = `invalid-${Date.now()}`;
    await modelAdmin('faults', { method: 'POST', body: { invalidToolOutput: { count: 2, marker } } });
    const { final } = await runJob(alice, { kind: 'CONTENT_INSIGHTS', input: { text: `A calm review ${marker}` }, bypassCache: true });
    expect(final.status).toBe('FAILED');
    expect(final.error?.errorType).toBe('InvalidModelOutput');
    expect(['sentiment', 'keywords']).toContain(final.error?.step);
    alice.close();
  });

  it('BATCH_ADVERTS: one advert per spec with per-item progress; a failing item is reported, not fatal', async () => {
    const alice = clientAs('alice');
    const marker = `broken-spec-${Date.now()}`;
    await modelAdmin('faults', { method: 'POST', body: { reject: { count: 1, errorType: 'ValidationException', marker } } });
    const specs = Array.from({ length: 12 }, (_, i) => ({
      name: `Trail shoe ${i}`,
      description: i === 7 ? `A shoe ${marker}` : `A light trail running shoe, model ${i}, with a grippy sole`,
    }));

    const { final, updates } = await runJob(alice, { kind: 'BATCH_ADVERTS', input: { specs, tone: 'upbeat', wordCount: 40 }, bypassCache: true });

    expect(final.status).toBe('SUCCEEDED');
    expect(final.progress).toEqual({ completed: 11, failed: 1, total: 12 });
    const progressSeen = updates.map((u) => (u.progress ? u.progress.completed + u.progress.failed : 0));
    expect(Math.max(...progressSeen)).toBe(12);
    const result = resultOf<{ items: Array<{ index: number; advert?: string; error?: { errorType: string } }> }>(final);
    expect(result.items).toHaveLength(12);
    expect(result.items.find((item) => item.index === 7)?.error).toBeTruthy();
    expect(result.items.filter((item) => item.advert).length).toBe(11);
    alice.close();
  });

  it('caches model answers: a repeat is served from the cache unless bypassCache', async () => {
    const alice = clientAs('alice');
    const input = { kind: 'CONTENT_INSIGHTS' as const, input: { text: `Cache me ${Date.now()}: a neutral note about paper clips.` } };
    const first = await runJob(alice, input);
    const stepsOf = (job: typeof first.final) => Object.fromEntries(job.steps.map((s) => [s.name, [s.status, s.cached]]));
    expect(stepsOf(first.final)).toEqual({ sentiment: ['SUCCEEDED', false], keywords: ['SUCCEEDED', false] });

    const before = await invokeRequests();
    const second = await runJob(alice, input);
    expect(second.final.status).toBe('SUCCEEDED');
    expect(stepsOf(second.final)).toEqual({ sentiment: ['SUCCEEDED', true], keywords: ['SUCCEEDED', true] });
    expect(await invokeRequests()).toBe(before);
    expect(resultOf(second.final)).toMatchObject({ sentiment: resultOf<{ sentiment: unknown }>(first.final).sentiment });

    const bypassed = await runJob(alice, { ...input, bypassCache: true });
    expect(stepsOf(bypassed.final)).toEqual({ sentiment: ['SUCCEEDED', false], keywords: ['SUCCEEDED', false] });
    expect(await invokeRequests()).toBe(before + 2);
    alice.close();
  });

  it('long inputs: a 30,000-character document and an 8,000-character text run, and repeat from the cache', async () => {
    // AWS's States.Hash takes at most 10,000 characters: the document's cache key uses its digest.
    const alice = clientAs('alice');
    const words = ['reef', 'kelp', 'tide', 'shore', 'crab', 'gull', 'foam', 'sand'];
    const long = (length: number, seed: number) =>
      Array.from({ length: Math.ceil(length / 5) }, (_, i) => words[(i * 7 + seed) % words.length]).join(' ').slice(0, length);
    const documentText = `${Date.now()} ${long(30_000, 1)}`.slice(0, 30_000);
    const insightsText = `${Date.now()} ${long(8_000, 3)}`.slice(0, 8_000);

    const document = { kind: 'DOCUMENT_ANALYSIS' as const, input: { document: { text: documentText, format: 'TEXT' } } };
    const first = await runJob(alice, document);
    expect(first.final.status, JSON.stringify(first.final.error)).toBe('SUCCEEDED');
    const repeat = await runJob(alice, document);
    expect(repeat.final.steps.find((s) => s.name === 'analyze')?.cached).toBe(true);

    const insights = await runJob(alice, { kind: 'CONTENT_INSIGHTS', input: { text: insightsText } });
    expect(insights.final.status, JSON.stringify(insights.final.error)).toBe('SUCCEEDED');
    alice.close();
  });
});
