// A real portal and a real browser for the browser tests: the `cong` binary on a fresh data
// folder and a free loopback port, and Debian's Chromium driven by playwright-core (which never
// downloads a browser of its own).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export const CONG_BIN = resolve(here, process.env.CONG_BIN || '../target/debug/cong');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
// The first start of a debug build draws the sample photos: allow it time.
const STARTUP_TIMEOUT_MS = Number(process.env.CONG_STARTUP_TIMEOUT_MS || 120_000);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Starts `cong serve` with extra environment `env`, waits for /healthz, opens Chromium. */
export async function startPortal(env = {}) {
  if (!existsSync(CONG_BIN)) {
    throw new Error(`cong binary not found at ${CONG_BIN}: run \`cargo build\` first, or set CONG_BIN`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: \`apt-get install -y chromium\`, or set CHROMIUM_BIN`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'cong-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  let exited = null;
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  const server = spawn(CONG_BIN, ['serve', '--data', join(dataDir, 'data'), '--listen', `127.0.0.1:${port}`], {
    // The temp folder as working directory: no stray ./cong.toml is picked up.
    cwd: dataDir,
    env: { ...process.env, CONG_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  server.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  server.on('error', (err) => {
    keep(`spawn error: ${err.message}\n`);
    exited = { code: null, signal: null };
  });
  // Last resort if the test process dies without running the after() hooks.
  process.on('exit', () => {
    if (!exited) server.kill('SIGKILL');
  });
  const tail = () => (log.trim() ? `\n--- cong output (last lines) ---\n${log.trim()}\n---` : '');

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    if (exited) {
      throw new Error(`cong exited before it was healthy (code ${exited.code}, signal ${exited.signal})` + tail());
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) break;
      last = `status ${res.status}`;
    } catch (err) {
      last = err.cause?.code || err.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`GET /healthz did not answer 200 within ${STARTUP_TIMEOUT_MS} ms (last: ${last})` + tail());
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  // Playwright's launch() gives Chromium a fresh temporary --user-data-dir and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

  return {
    baseUrl,
    dataDir,
    browser,
    tail,
    /** `cong user add` beside the running server; the password on standard input. */
    addUser(name, role, password) {
      const made = spawnSync(
        CONG_BIN,
        ['--data', join(dataDir, 'data'), 'user', 'add', '--role', role, '--password-stdin', name],
        { cwd: dataDir, input: `${password}\n`, env: { ...process.env, CONG_LOG: 'warn' } },
      );
      if (made.status !== 0) throw new Error(`cong user add failed: ${made.stderr}`);
    },
    /** Closes the browser, stops the server (SIGTERM, then SIGKILL) and removes the data. */
    async stop() {
      try {
        await browser.close();
      } finally {
        if (!exited) {
          const gone = new Promise((r) => server.once('exit', r));
          server.kill('SIGTERM');
          const timer = setTimeout(() => exited || server.kill('SIGKILL'), 10_000);
          await gone;
          clearTimeout(timer);
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Logs `page` in to the back office as `name`. */
export async function logIn(page, name, password) {
  await page.goto('/admin/login', { waitUntil: 'load' });
  await page.fill('#ten-dang-nhap', name);
  await page.fill('#mat-khau', password);
  await Promise.all([page.waitForURL('**/admin/'), page.click('button[type=submit]')]);
}

/** Problems the page reports: console errors, uncaught errors, CSP refusals. */
export function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    // A failed load is reported below with its address.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return problems;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREEN_WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

/** Asserts that axe-core finds no WCAG 2.1 A/AA violation on each of `paths`, at desktop and
 * at phone width (the page should come from a context that bypasses CSP, for axe's script). */
export async function assertAccessible(page, paths) {
  for (const size of SCREEN_WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const path of paths) {
      await page.goto(path, { waitUntil: 'load' });
      await page.addScriptTag({ content: AXE_SOURCE });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
      );
      const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(found, [], `${path} at ${size.name} width`);
    }
  }
}
