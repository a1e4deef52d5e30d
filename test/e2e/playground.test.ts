// The playground page in headless Chromium against the shared test sandbox: sign in, a streamed chat
// answer, an advert with two personas and a photo, a workflow to SUCCEEDED. The tests run in order on
// one page (one browser launch for the file); screenshots go to test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AdvertDocument, MessageDocument } from '../../client/index.js';
import { png } from '../support/images.js';
import { clientAs, modelAdmin, sandbox } from '../support/sandbox-context.js';
import { launchChromium, loadTiming, screenshot, type LoadTiming } from './browser.js';

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Records every distinct text of an element while it changes (a MutationObserver in the page). */
async function recordTexts(selector: string): Promise<void> {
  await page.evaluate((target) => {
    const seen: string[] = [];
    (window as unknown as { recordedTexts: string[] }).recordedTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector(target)?.textContent ?? '';
      if (text !== seen.at(-1)) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
}

const recordedTexts = () => page.evaluate(() => (window as unknown as { recordedTexts: string[] }).recordedTexts);

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the playground in Chromium', () => {
  it('loads from the sandbox root and signs in as alice with a token from the sandbox', async () => {
    const root = new URL('/', sandbox().graphqlUrl).toString();
    const timings: LoadTiming[] = [];
    for (let load = 0; load < 2; load += 1) {
      await (load === 0 ? page.goto(root) : page.reload());
      await page.waitForSelector('html[data-ready="true"]');
      timings.push(await loadTiming(page));
    }
    const [cold, warm] = timings;
    const line = (t: LoadTiming | undefined) => `DOMContentLoaded ${t?.domContentLoadedMs} ms, first contentful paint ${t?.firstContentfulPaintMs?.toFixed(0)} ms, ready ${t?.readyMs?.toFixed(0)} ms`;
    console.log(`playground load (cold browser): ${line(cold)}\nplayground load (reload):       ${line(warm)}`);
    expect(cold?.readyMs).toBeGreaterThan(0);

    await page.fill('#user-name', 'alice');
    await page.click('#sign-in');
    await expect.poll(() => page.textContent('#signed-in-as')).toBe('Signed in as alice');
    expect(await page.isVisible('#chat-input')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('streams a chat answer into the page in order, ending with the stored message', async () => {
    const { tokensPerSecond } = (await modelAdmin('rate')) as { tokensPerSecond: number };
    // Slow enough (about 0.75 s) for the page to show the answer growing.
    await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond: 80 } });
    try {
      await page.click('#tab-chat');
      await recordTexts('.message[data-role="ASSISTANT"]:last-of-type .message-text');
      await page.fill('#chat-input', 'Tell me about tide pools [[tokens=60]]');
      await page.click('#chat-send');
      const answer = page.locator('.message[data-role="ASSISTANT"]').last();
      await expect.poll(() => answer.getAttribute('data-status'), { timeout: 15_000 }).toBe('COMPLETE');
    } finally {
      await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond } });
    }

    const answer = page.locator('.message[data-role="ASSISTANT"]').last();
    const finalText = (await answer.locator('.message-text').textContent()) ?? '';
    const texts = (await recordedTexts()).filter((text) => text !== '');
    // Seen growing: several partial texts, each extending the one before, ending with the final text.
    expect(texts.length).toBeGreaterThanOrEqual(4);
    texts.forEach((text, i) => {
      expect(finalText.startsWith(text)).toBe(true);
      if (i > 0) expect(text.length).toBeGreaterThan(texts[i - 1]!.length);
    });
    expect(texts.at(-1)).toBe(finalText);

    const conversationId = await page.getAttribute('#messages', 'data-conversation-id');
    const messageId = await answer.getAttribute('data-message-id');
    const alice = clientAs('alice');
    const { message } = await alice.query(MessageDocument, { conversationId: conversationId!, id: messageId! });
    alice.close();
    expect(message).toMatchObject({ status: 'COMPLETE', content: finalText });
    expect(finalText.trim().split(/\s+/)).toHaveLength(60);
    await screenshot(page, 'playground-chat');
    expect(pageErrors).toEqual([]);
  });

  it('creates an advert from a spec, two personas and a photo, both variants streaming to completion', async () => {
    await page.click('#tab-adverts');
    await page.fill('#advert-spec', 'Trailhead 40 hiking pack\nVolume: 40 litres\nWeight: 1.2 kg');
    await page.fill('#advert-personas', 'Weekend hikers, Thru-hikers');
    await page.fill('#advert-tone', 'practical');
    await page.fill('#advert-word-count', '40');
    await page.setInputFiles('#advert-images', { name: 'pack.png', mimeType: 'image/png', buffer: png(64, 48, 7) });
    // Snapshots of both columns' text lengths whenever the page changes.
    await page.evaluate(() => {
      const snapshots: number[][] = [];
      (window as unknown as { variantLengths: number[][] }).variantLengths = snapshots;
      new MutationObserver(() => {
        snapshots.push([...document.querySelectorAll('.variant .variant-text')].map((text) => text.textContent?.length ?? 0));
      }).observe(document.getElementById('advert-variants')!, { subtree: true, childList: true, characterData: true });
    });
    const { tokensPerSecond } = (await modelAdmin('rate')) as { tokensPerSecond: number };
    await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond: 150 } });
    try {
      await page.click('#advert-create');
      await expect.poll(() => page.locator('.variant[data-status="COMPLETE"]').count(), { timeout: 15_000 }).toBe(2);
    } finally {
      await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond } });
    }
    const variants = page.locator('.variant');
    await expect.poll(() => page.isEnabled('#advert-create')).toBe(true);
    // Side by side: at some moment both columns held part of their text.
    const finalLengths = await variants.evaluateAll((columns) => columns.map((c) => c.querySelector('.variant-text')?.textContent?.length ?? 0));
    const snapshots = await page.evaluate(() => (window as unknown as { variantLengths: number[][] }).variantLengths);
    expect(snapshots.some(([a = 0, b = 0]) => a > 0 && b > 0 && (a < finalLengths[0]! || b < finalLengths[1]!))).toBe(true);
    expect(await variants.evaluateAll((columns) => columns.map((c) => c.getAttribute('data-persona')))).toEqual(['Weekend hikers', 'Thru-hikers']);
    expect(await page.textContent('#advert-summary')).toContain('1 image(s) (PNG 64x48)');

    const advertId = await page.getAttribute('#advert-variants', 'data-advert-id');
    const alice = clientAs('alice');
    const { advert } = await alice.query(AdvertDocument, { id: advertId! });
    alice.close();
    expect(advert?.variants).toHaveLength(2);
    for (const [i, stored] of (advert?.variants ?? []).entries()) {
      const column = variants.nth(i);
      expect(await column.locator('.variant-text').textContent()).toBe(stored.content);
      expect(stored.content).toContain('Trailhead 40');
      expect(await column.locator('.variant-meta').textContent()).toContain(`${stored.usage?.outputTokens} out tokens`);
    }
    await screenshot(page, 'playground-adverts');
    expect(pageErrors).toEqual([]);
  });

  it('runs a CONTENT_INSIGHTS workflow to SUCCEEDED, its steps and status updating live', async () => {
    await page.click('#tab-workflows');
    await page.selectOption('#workflow-kind', 'CONTENT_INSIGHTS');
    // A refused start is reported in the panel and leaves no job card.
    await page.fill('#workflow-input', '');
    await page.click('#workflow-start');
    await expect.poll(() => page.textContent('#workflow-error')).toMatch(/^ValidationError: /);
    expect(await page.locator('.job').count()).toBe(0);

    await page.fill('#workflow-input', 'These boots are wonderful: warm, light and waterproof.');
    await page.evaluate(() => {
      const statuses: string[] = [];
      (window as unknown as { jobStatuses: string[] }).jobStatuses = statuses;
      new MutationObserver(() => {
        const status = document.querySelector('.job')?.getAttribute('data-status');
        if (status && status !== statuses.at(-1)) statuses.push(status);
      }).observe(document.getElementById('jobs')!, { subtree: true, childList: true, attributes: true });
    });
    await page.click('#workflow-start');

    const job = page.locator('.job').first();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 30_000 }).toBe('SUCCEEDED');
    const statuses = await page.evaluate(() => (window as unknown as { jobStatuses: string[] }).jobStatuses);
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(await job.locator('.job-steps li').evaluateAll((steps) => steps.map((s) => [s.getAttribute('data-step'), s.getAttribute('data-status')]).sort())).toEqual([
      ['keywords', 'SUCCEEDED'],
      ['sentiment', 'SUCCEEDED'],
    ]);
    const result = JSON.parse((await job.locator('[data-testid="job-result"]').textContent()) ?? '{}') as { sentiment?: { label?: string }; keywords?: string[] };
    expect(result.sentiment?.label).toMatch(/^[A-Z]+$/);
    expect(result.keywords?.length).toBeGreaterThan(0);
    await screenshot(page, 'playground-workflows');
    expect(pageErrors).toEqual([]);
  });
});
