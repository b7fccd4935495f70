// The media library in a real browser: a photo uploaded on the library page, then one
// uploaded from inside the article editor, given its alt text there (it cannot go in without),
// inserted with every size and its caption, and saved with the article; the library's
// screens pass axe-core's WCAG 2.1 AA rules at desktop and phone width.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, logIn, startPortal, watch } from './portal.js';

const PASSWORD = 'mật khẩu thư viện ảnh';

let portal;
let context;

before(async () => {
  portal = await startPortal();
  portal.addUser('bientap', 'editor', PASSWORD);
  context = await portal.browser.newContext({ baseURL: portal.baseUrl });
});

after(async () => {
  if (portal) await portal.stop();
});

/** Two different photos of the sample portal, as bytes. */
async function samplePhotos(page) {
  const found = await page.evaluate(async () => {
    const html = await (await fetch('/')).text();
    const urls = [...new Set(html.match(/\/media\/[^"' ]+\.(?:jpg|png)/g) || [])].slice(0, 2);
    const out = [];
    for (const url of urls) {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      out.push({ url, bytes: Array.from(bytes) });
    }
    return out;
  });
  assert.equal(found.length, 2, 'the sample home page shows two photos');
  return found.map((p, i) => ({
    name: i === 0 ? 'Hội nghị tổng kết.jpg' : 'Trạm y tế xã Minh Khai.jpg',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(p.bytes),
  }));
}

describe('media library', () => {
  test('uploads, describes and inserts a photo from the article editor', { timeout: 180_000 }, async () => {
    const page = await context.newPage();
    const problems = watch(page);
    try {
      await logIn(page, 'bientap', PASSWORD);
      const [first, second] = await samplePhotos(page);

      // On the library page, as a form without any script.
      await page.goto('/admin/tep', { waitUntil: 'load' });
      await page.setInputFiles('#tep-moi', first);
      await Promise.all([page.waitForURL('**/admin/tep/*?da-tai=1'), page.click('button:has-text("Tải lên")')]);
      assert.match(await page.textContent('[role=status]'), /Đã tải lên/);
      assert.equal(await page.textContent('h2'), 'Hội nghị tổng kết.jpg');

      // From inside the editor: upload, give the alt text asked for, insert.
      await page.goto('/admin/bai-viet/moi', { waitUntil: 'load' });
      await page.fill('#truong-title', 'Trạm y tế xã đón đoàn kiểm tra');
      await page.selectOption('#truong-category', { index: 1 });
      await page.click('summary:has-text("Chèn ảnh hoặc tệp từ thư viện")');
      await page.setInputFiles('#chon-tep-tai', second);
      const item = page.locator('.media-picker__item', { hasText: 'Trạm y tế xã Minh Khai.jpg' });
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      // No alt text yet: no way to insert it, a field to fill instead.
      assert.equal(await item.locator('button:has-text("Chèn vào bài")').count(), 0);
      await item.locator('input').fill('Cán bộ trạm y tế tiếp đoàn kiểm tra');
      await item.locator('button:has-text("Lưu")').click();
      const insert = item.locator('button:has-text("Chèn vào bài")');
      await insert.waitFor({ state: 'visible', timeout: 30_000 });
      await insert.click();
      await item.locator('button:has-text("Làm ảnh đại diện")').click();
      assert.match(await page.inputValue('#truong-image_url'), /^\/media\/up\/[0-9a-f]{16}-tram-y-te-xa-minh-khai-\d+\.jpg$/);
      assert.equal(await page.inputValue('#truong-image_alt'), 'Cán bộ trạm y tế tiếp đoàn kiểm tra');

      await Promise.all([page.waitForURL('**/admin/bai-viet/*'), page.click('button:has-text("Lưu bài")')]);
      assert.match(await page.textContent('[role=status]'), /Đã lưu phiên bản 1/);
      const stored = await page.locator('#truong-body').inputValue();
      assert.match(stored, /srcset="\/media\/up\/[0-9a-f]{16}-tram-y-te-xa-minh-khai-\d+\.webp \d+w/);
      assert.match(stored, /alt="Cán bộ trạm y tế tiếp đoàn kiểm tra"/);
      assert.match(stored, /width="\d+" height="\d+"/);

      // The library now says where the photo is used.
      await page.goto('/admin/tep?tu-khoa=minh+khai', { waitUntil: 'load' });
      await Promise.all([page.waitForURL('**/admin/tep/*'), page.click('.media-grid__item a')]);
      assert.deepEqual(await page.locator('.media-uses a').allTextContents(), ['Trạm y tế xã đón đoàn kiểm tra']);
      assert.equal(await page.locator('button:has-text("Xoá tệp")').count(), 0, 'a used file offers no delete');
      assert.deepEqual(problems, [], 'no console error, no CSP refusal');
    } finally {
      await page.close();
    }
  });

  test('the library screens pass WCAG 2.1 AA at desktop and phone width', { timeout: 120_000 }, async () => {
    const axe = await portal.browser.newContext({ baseURL: portal.baseUrl, bypassCSP: true });
    const page = await axe.newPage();
    try {
      await logIn(page, 'bientap', PASSWORD);
      await page.goto('/admin/tep', { waitUntil: 'load' });
      const entry = await page.getAttribute('.media-grid__item a', 'href');
      assert.ok(entry, 'the library lists an entry');
      await assertAccessible(page, ['/admin/tep', entry]);
    } finally {
      await axe.close();
    }
  });
});
