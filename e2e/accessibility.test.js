// Real-browser accessibility test of the Cổng portal.
//
// Starts the real `cong` binary on a fresh data folder and a free loopback port, opens its
// pages in Debian's Chromium (driven by playwright-core, which never downloads a browser of its
// own) and checks:
//   - axe-core finds no WCAG 2.0/2.1 A/AA violation, at desktop (1280 px) and phone (390 px)
//     width, on the home, category, article, static, tag, poll-results and 404 pages;
//   - no console error, no uncaught page error and no Content-Security-Policy violation on those
//     pages, with the site's CSP enforced;
//   - keyboard basics on the home page: the first Tab lands on a visible skip link to
//     #noi-dung, and every element that Tab reaches (links and any control) shows a focus
//     indicator (an outline or a box-shadow).
//
// axe is injected with page.addScriptTag, an inline script that the site's strict CSP
// (`script-src 'self'`) refuses, so the axe pages live in a browser context with
// `bypassCSP: true`. The console/CSP checks and the keyboard checks use a second context in which
// the CSP is enforced as a reader's browser enforces it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { logIn, startPortal } from './portal.js';

const require = createRequire(import.meta.url);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
const NAV_TIMEOUT_MS = 60_000;

const ARTICLE_HREF = /^\/[a-z0-9-]+\/[a-z0-9-]+-\d+\.html$/;

// ---------------------------------------------------------------------------------------------
// Server and browser, shared by every test in this file.

let portal;
let baseUrl;
let strictContext; // the site's CSP enforced
let axeContext; // bypassCSP: true, so that axe can be injected as an inline script
let urlsPromise;

before(async () => {
  // A short back-office idle timeout, so the warning test runs in seconds.
  portal = await startPortal({ CONG_ADMIN__IDLE_SECS: '20', CONG_ADMIN__WARN_SECS: '8' });
  baseUrl = portal.baseUrl;
  strictContext = await portal.browser.newContext({ baseURL: baseUrl });
  axeContext = await portal.browser.newContext({ baseURL: baseUrl, bypassCSP: true });
});

after(async () => {
  if (portal) await portal.stop();
});

// ---------------------------------------------------------------------------------------------
// Which pages: the fixed ones, and the ones found by following links.

async function hrefs(path) {
  const page = await strictContext.newPage();
  try {
    await page.goto(path, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    return await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href')));
  } finally {
    await page.close();
  }
}

function discoverUrls() {
  urlsPromise ??= (async () => {
    const home = await hrefs('/');
    const article = home.find((h) => ARTICLE_HREF.test(h));
    assert.ok(article, `no article link (${ARTICLE_HREF}) on the home page; links: ${home.join(' ')}`);
    const poll = home.find((h) => h.startsWith('/tham-do/'));
    assert.ok(poll, `no /tham-do/ link on the home page; links: ${home.join(' ')}`);
    const onArticle = await hrefs(article);
    const tag = onArticle.find((h) => h.startsWith('/tag/'));
    assert.ok(tag, `no /tag/ link on ${article}; links: ${onArticle.join(' ')}`);
    return { article, poll, tag };
  })();
  return urlsPromise;
}

const PAGES = [
  { name: 'home', status: 200, path: async () => '/' },
  { name: 'category', status: 200, path: async () => '/tin-tuc-su-kien/' },
  { name: 'article', status: 200, path: async () => (await discoverUrls()).article },
  { name: 'static page', status: 200, path: async () => '/trang/lien-he' },
  { name: 'tag', status: 200, path: async () => (await discoverUrls()).tag },
  { name: 'poll results', status: 200, path: async () => (await discoverUrls()).poll },
  { name: 'search results', status: 200, path: async () => '/tim-kiem?q=tiem+chung' },
  { name: '404', status: 404, path: async () => '/khong-ton-tai' },
];

async function openPage(context, path, viewport, expectedStatus) {
  const page = await context.newPage();
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  const res = await page.goto(path, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  assert.ok(res, `no response for ${path}`);
  assert.equal(res.status(), expectedStatus, `GET ${path}: status`);
  return page;
}

// ---------------------------------------------------------------------------------------------
// axe

function formatViolations(violations, label) {
  const lines = [`${violations.length} axe violation(s) on ${label}:`];
  for (const v of violations) {
    lines.push(`\n* ${v.id} [${v.impact}] ${v.help}`);
    lines.push(`  ${v.helpUrl}`);
    lines.push(`  ${v.nodes.length} element(s)${v.nodes.length > 3 ? ', first 3:' : ':'}`);
    for (const node of v.nodes.slice(0, 3)) {
      lines.push(`  - target: ${node.target.join(' ')}`);
      lines.push(`    html:   ${node.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (node.failureSummary) {
        lines.push(`    fix:    ${node.failureSummary.replace(/\s*\n\s*/g, ' | ')}`);
      }
    }
  }
  return lines.join('\n');
}

async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
}

describe('axe: no WCAG 2.1 A/AA violations', () => {
  for (const spec of PAGES) {
    for (const viewport of WIDTHS) {
      test(`${spec.name} page at ${viewport.name} width (${viewport.width} px)`, async () => {
        const path = await spec.path();
        const page = await openPage(axeContext, path, viewport, spec.status);
        try {
          const results = await runAxe(page);
          const label = `${path} at ${viewport.width} px`;
          assert.equal(
            results.violations.length,
            0,
            formatViolations(results.violations, label),
          );
        } finally {
          await page.close();
        }
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Console errors and CSP violations, with the CSP enforced.

describe('no console errors and no CSP violations (CSP enforced)', () => {
  for (const spec of PAGES) {
    for (const viewport of WIDTHS) {
      test(`${spec.name} page at ${viewport.name} width`, async () => {
        const path = await spec.path();
        const pageUrl = new URL(path, baseUrl).href;
        const page = await strictContext.newPage();
        const problems = [];
        // The report of the violation event itself, in case Chromium logs none to the console.
        await page.exposeBinding('__congCspViolation', (_source, v) => {
          problems.push(`CSP violation: ${v.directive} blocked ${v.blocked} (${v.source})`);
        });
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            window.__congCspViolation({
              directive: e.violatedDirective,
              blocked: e.blockedURI || '(inline)',
              source: `${e.sourceFile || ''}:${e.lineNumber || 0}`,
            });
          });
        });
        page.on('console', (msg) => {
          if (msg.type() !== 'error') return;
          const text = msg.text();
          // The 404 page is meant to answer 404: Chromium logs that for the document itself.
          if (spec.status === 404 && /status of 404/.test(text) && msg.location().url === pageUrl) return;
          problems.push(`console error: ${text} (at ${msg.location().url || '?'})`);
        });
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
        page.on('requestfailed', (req) => {
          problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
        });
        page.on('response', (res) => {
          if (res.url() !== pageUrl && res.status() >= 400) {
            problems.push(`subresource answered ${res.status()}: ${res.url()}`);
          }
        });
        try {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          const res = await page.goto(path, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
          assert.equal(res.status(), spec.status, `GET ${path}: status`);
          // Let late console messages and violation reports arrive.
          await page.waitForTimeout(300);
          assert.deepEqual(problems, [], `problems on ${path} at ${viewport.width} px:\n${problems.join('\n')}`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Keyboard basics on the home page.

describe('keyboard basics on the home page', () => {
  for (const viewport of WIDTHS) {
    test(`first Tab focuses a visible skip link to #noi-dung (${viewport.name} width)`, async () => {
      const page = await openPage(strictContext, '/', viewport, 200);
      try {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          return {
            tag: el?.tagName,
            href: el?.getAttribute('href'),
            text: el?.textContent.trim(),
            cls: el?.className,
          };
        });
        assert.equal(focused.tag, 'A', `first Tab focused ${JSON.stringify(focused)}, not a link`);
        assert.equal(focused.href, '#noi-dung', `first Tab focused ${JSON.stringify(focused)}`);
        assert.ok(focused.text, 'the skip link has no text');

        const link = page.locator(':focus');
        const box = await link.boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0, `focused skip link has no size: ${JSON.stringify(box)}`);
        assert.ok(
          box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
          `focused skip link is outside the viewport: ${JSON.stringify(box)}`,
        );
        const onTop = await page.evaluate(({ x, y }) => {
          const hit = document.elementFromPoint(x, y);
          return !!hit && (hit === document.activeElement || document.activeElement.contains(hit));
        }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
        assert.ok(onTop, 'the focused skip link is covered by another element');
        assert.ok(await page.locator('#noi-dung').count(), 'no element with id="noi-dung" to skip to');

        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#noi-dung', null, { timeout: 5_000 });
      } finally {
        await page.close();
      }
    });

    test(`every focused element shows a focus indicator (${viewport.name} width)`, async (t) => {
      const page = await openPage(strictContext, '/', viewport, 200);
      const MAX_TABS = 400;
      const seen = [];
      const bad = [];
      try {
        // Tab through the whole page: until focus leaves the document or comes back to the start.
        for (let i = 0; i < MAX_TABS; i++) {
          await page.keyboard.press('Tab');
          const info = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) return null;
            const cs = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
              tag: el.tagName,
              name: el.getAttribute('href') || el.getAttribute('name') || el.id || el.tagName.toLowerCase(),
              text: (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 60),
              outlineStyle: cs.outlineStyle,
              outlineWidth: cs.outlineWidth,
              boxShadow: cs.boxShadow,
              width: box.width,
              height: box.height,
            };
          });
          if (!info) {
            if (seen.length) break;
            continue;
          }
          if (seen.length && info.name === seen[0].name && info.tag === seen[0].tag) break;
          seen.push(info);
          const label = `<${info.tag.toLowerCase()}> ${info.name} "${info.text}"`;
          const outline = info.outlineStyle !== 'none' && parseFloat(info.outlineWidth) > 0;
          const shadow = info.boxShadow && info.boxShadow !== 'none';
          if (!outline && !shadow) {
            bad.push(`${label}: outline ${info.outlineStyle} ${info.outlineWidth}, box-shadow ${info.boxShadow}`);
          }
          if (!(info.width > 0 && info.height > 0)) bad.push(`${label}: focused but has no size (hidden?)`);
        }
        const links = seen.filter((s) => s.tag === 'A').length;
        const others = [...new Set(seen.filter((s) => s.tag !== 'A').map((s) => s.tag.toLowerCase()))];
        t.diagnostic(`Tab reached ${seen.length} elements: ${links} links${others.length ? `, and ${others.join(', ')}` : ''}`);
        assert.ok(links >= 5, `Tab reached only ${links} link(s): ${JSON.stringify(seen.map((s) => s.name))}`);
        assert.deepEqual(
          bad,
          [],
          `${bad.length} of ${seen.length} focused elements without a visible focus indicator ` +
            `(computed outline-style none and no box-shadow):\n${bad.join('\n')}`,
        );
      } finally {
        await page.close();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The rating widget with JavaScript, the CSP enforced: the figures change without a page load.

describe('rating widget', () => {
  test('a rating sent with JavaScript updates the figures in place', async () => {
    const { article } = await discoverUrls();
    const page = await strictContext.newPage();
    try {
      await page.goto(article, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      const before = Number(await page.textContent('[data-rating-count]'));
      await page.check('.rating-form input[name=stars][value="4"]');
      await page.click('.rating-form button[type=submit]');
      await page.waitForSelector('.form-message--ok', { timeout: 10_000 });
      assert.equal(page.url(), new URL(article, baseUrl).href, 'stayed on the article');
      assert.equal(Number(await page.textContent('[data-rating-count]')), before + 1);
      // A change of mind goes out with the fresh token the answer brought, and replaces the
      // first rating instead of adding one.
      await page.check('.rating-form input[name=stars][value="2"]');
      await page.click('.rating-form button[type=submit]');
      await page.waitForFunction(
        () => document.querySelector('[data-rating-message]').textContent.includes('cập nhật'),
        null,
        { timeout: 10_000 },
      );
      assert.equal(Number(await page.textContent('[data-rating-count]')), before + 1);
    } finally {
      await page.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The back office's idle warning: a live countdown before the server-side timeout, a button
// that renews the session, and the log-in page when the time runs out.

describe('back-office idle timeout', () => {
  test('warns with a countdown, renews on request, then logs out', { timeout: 120_000 }, async () => {
    portal.addUser('bientap', 'editor', 'mật khẩu thử nghiệm dài');
    const page = await strictContext.newPage();
    try {
      await logIn(page, 'bientap', 'mật khẩu thử nghiệm dài');
      const bar = page.locator('.idle-warning');
      assert.equal(await bar.isVisible(), false, 'no warning right after log-in');
      // 20 s timeout, warning 8 s before: the bar shows after about 12 s, counting down.
      await bar.waitFor({ state: 'visible', timeout: 20_000 });
      const first = Number(await page.textContent('[data-idle-countdown]'));
      assert.ok(first >= 1 && first <= 8, `countdown ${first}`);
      await page.waitForTimeout(1_500);
      const later = Number(await page.textContent('[data-idle-countdown]'));
      assert.ok(later < first, `the countdown runs (${first} then ${later})`);
      await page.click('[data-idle-stay]');
      await bar.waitFor({ state: 'hidden', timeout: 5_000 });
      // Renewed on the server too: the page still works after the original deadline.
      await page.waitForTimeout(9_000);
      const still = await page.request.get('/admin/');
      assert.equal(still.url().endsWith('/admin/'), true, 'session renewed by the button');
      // Now let it run out: the page goes to the log-in form, and the session is gone.
      await bar.waitFor({ state: 'visible', timeout: 20_000 });
      await page.waitForURL('**/admin/login', { timeout: 15_000 });
      // The check above renewed the session 9 s after the button did; give the server those
      // seconds too before asking it.
      await page.waitForTimeout(10_000);
      const again = await page.goto('/admin/', { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      assert.ok(again.url().endsWith('/admin/login'), `after the timeout: ${again.url()}`);
    } finally {
      await page.close();
    }
  });
});
