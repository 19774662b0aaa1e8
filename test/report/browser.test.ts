// The HTML report in real Chromium (the Debian package, driven by puppeteer-core): it renders
// with no console error and makes no network request; a hostile command is shown as text.
// With REPORT_SCREENSHOT=1 it also writes docs/images/report.png for the README.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWorld, type ReportWorld } from './world.js';

const CHROMIUM = '/usr/bin/chromium';
let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
}, 400_000);
afterAll(async () => w?.close());

describe.skipIf(!existsSync(CHROMIUM))('the HTML report in Chromium', () => {
  test('no console errors, no network requests, the verdict first, hostile text inert', async () => {
    // A hostile command: markup, a script, BiDi and zero-width characters in argv.
    const hostile = ['touch', `<img src=http://127.0.0.1:9/x onerror=alert(1)><script>fetch('http://127.0.0.1:9/')</script>\u202Egnp.exe\u200B`];
    await w.cli(['run', '--json', '-p', w.policy, '--audit-db', w.db, '--', ...hostile]);
    const file = join(w.dir, 'report.html');
    const r = await w.cli(['audit', 'report', '--audit-db', w.db, '-p', w.policy, '-o', file]);
    expect(r.code).toBe(0);
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'approve-run-chromium-'))}`],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warn') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('dialog', (d) => {
        problems.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (q) => {
        if (q.url() !== `file://${file}`) requests.push(q.url());
      });
      await page.setViewport({ width: 1200, height: 900 });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.$$eval('script, img, iframe, link, object', (els) => els.length)).toBe(0);
      const verdict = await page.$eval('body > :nth-child(2)', (el) => el.textContent ?? '');
      expect(verdict).toMatch(/^Audit log intact: \d+ entries/);
      const text = await page.$eval('#runs + .scroll', (el) => el.textContent ?? '');
      expect(text).toContain('<img src=http://127.0.0.1:9/x onerror=alert(1)><script>fetch(');
      expect(text).toContain('</script>\\u{202E}gnp.exe\\u{200B}');
      expect(await page.$$eval('svg', (els) => els.length)).toBe(4);
      // Readable on a phone: the page never scrolls sideways (wide tables scroll in their box).
      await page.setViewport({ width: 390, height: 844 });
      expect(await page.$eval('html', (el) => el.scrollWidth)).toBeLessThanOrEqual(390);
      if (process.env.REPORT_SCREENSHOT === '1') {
        await page.setViewport({ width: 1100, height: 1400 });
        await page.screenshot({ path: fileURLToPath(new URL('../../docs/images/report.png', import.meta.url)) as `${string}.png` });
      }
      writeFileSync(join(w.dir, 'seen.txt'), requests.join('\n'));
    } finally {
      await browser.close();
    }
  }, 60_000);
});
