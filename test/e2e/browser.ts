// Headless Chromium for the end-to-end tests: Debian's chromium package driven by playwright-core.
// The browser is installed by the project's setup (.ci/run), never downloaded at test time.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissingError(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium; .ci/run does it) or set CHROMIUM_PATH`);
  }
  // A fresh temporary profile per launch; no network besides the sandbox on loopback.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Writes test-results/screenshots/<name>.png (a test artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface LoadTiming {
  /** Navigation start to the end of DOMContentLoaded (the module bundle has run by then). */
  domContentLoadedMs: number;
  firstContentfulPaintMs: number | undefined;
  /** Navigation start to the page's own "wired and usable" mark. */
  readyMs: number | undefined;
}

export function loadTiming(page: Page): Promise<LoadTiming> {
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      domContentLoadedMs: Math.round(navigation?.domContentLoadedEventEnd ?? Number.NaN),
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      readyMs: performance.getEntriesByName('playground-ready')[0]?.startTime,
    };
  });
}
