import { describe, expect, it, onTestFinished } from 'vitest';
import { seriousViolations } from './axe.js';
import { launchChromium } from './browser.js';

describe('seriousViolations', () => {
  it('names a serious violation and passes a clean page', async () => {
    const chromium = await launchChromium();
    onTestFinished(chromium.stop);
    const page = await chromium.page();
    await page.setContent(
      '<!doctype html><html lang="fr"><title>t</title><main><button></button><input type="text"></main></html>',
    );
    const found = await seriousViolations(page);
    expect(found.some((line) => line.startsWith('button-name (critical)'))).toBe(true);
    expect(found.some((line) => line.startsWith('label (critical)'))).toBe(true);
    await page.setContent(
      '<!doctype html><html lang="fr"><title>t</title><main><h1>Bonjour</h1><label>Nom <input type="text"></label></main></html>',
    );
    expect(await seriousViolations(page)).toEqual([]);
  });
});
