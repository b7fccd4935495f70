// The newsroom in a real browser: an editor writes an article with the toolbar (a heading,
// bold text, a list, a link, a table and a photo with its caption and alt text), saves,
// publishes, and the public page shows what was written; a paste from Word is cleaned, tags in
// use are suggested, a photo without alt text is refused; and axe-core finds no WCAG 2.1 AA
// violation on the back-office screens, at desktop and at phone width.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, logIn, startPortal, watch } from './portal.js';

const PASSWORD = 'mật khẩu biên tập dài';

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

describe('article editor', () => {
  test('writes headings, bold, a list, a link, a table and a photo with caption', { timeout: 180_000 }, async () => {
    const page = await context.newPage();
    const problems = watch(page);
    try {
      await logIn(page, 'bientap', PASSWORD);
      await page.goto('/admin/bai-viet/moi', { waitUntil: 'load' });
      await page.fill('#truong-title', 'Lịch tiêm chủng cuối tuần tại các trạm y tế');
      await page.selectOption('#truong-category', { index: 1 });
      const body = page.locator('.se-wrapper-wysiwyg, [contenteditable="true"]').first();
      await body.waitFor({ state: 'visible' });
      await body.click();

      // A heading: type, then choose it in the block style menu.
      await page.keyboard.type('Lịch tiêm');
      await page.locator('.se-toolbar button[data-command="blockStyle"]').click();
      await page.locator('.se-dropdown [data-value="h2"]').first().click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');

      // A paragraph with bold text.
      await page.locator('.se-toolbar button[data-command="blockStyle"]').click();
      await page.locator('.se-dropdown [data-value="p"]').first().click();
      // Typed whole, then the two words selected and made bold, as people do.
      const rest = ' cả thứ Bảy.';
      await page.keyboard.type(`Trạm y tế mở cửa${rest}`);
      for (let i = 0; i < rest.length; i++) await page.keyboard.press('ArrowLeft');
      for (let i = 0; i < 'mở cửa'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
      const bold = page.locator('.se-toolbar button[data-command="bold"]');
      await bold.click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      // The new line may carry the bold on, as in any word processor: turn it off.
      if (await bold.evaluate((b) => b.classList.contains('active'))) await bold.click();

      // A bulleted list of two items.
      await page.locator('.se-toolbar button[data-command="list_bulleted"][data-type="command"]').click();
      await page.keyboard.type('Mang sổ tiêm chủng');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Mang thẻ bảo hiểm y tế');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');

      // A link on words in the middle of a sentence.
      const after = ' trên trang của Sở.';
      await page.keyboard.type(`Xem lịch chi tiết${after}`);
      for (let i = 0; i < after.length; i++) await page.keyboard.press('ArrowLeft');
      for (let i = 0; i < 'lịch chi tiết'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
      await page.locator('.se-toolbar button[data-command="link"]').click();
      const linkModal = page.locator('.se-modal-content:visible').first();
      await linkModal.locator('input.se-input-url, input[type="text"]').first().fill('https://soyte.example.gov.vn/lich-tiem');
      await linkModal.locator('button[type="submit"]').click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');

      // A photo by its address on this site, with alt text and a caption.
      const photo = await page.evaluate(async () => {
        const res = await fetch('/');
        const html = await res.text();
        return (html.match(/\/media\/[^"']+\.(?:jpg|png|webp)/) || [])[0];
      });
      assert.ok(photo, 'a sample photo address on the home page');
      await page.locator('.se-toolbar button[data-command="image"]').click();
      const imageModal = page.locator('.se-modal-content:visible').first();
      await imageModal.locator('input.se-input-url, input[type="text"]').first().fill(photo);
      await imageModal.locator('input.se-input-form[type="text"]').nth(1).fill('Trẻ em được tiêm tại trạm y tế');
      const caption = imageModal.locator('input[type="checkbox"]').first();
      if (!(await caption.isChecked())) await caption.check();
      await imageModal.locator('button[type="submit"]').click();
      // The caption line holds a hint until it is typed over: select it and type.
      await page.evaluate(() => {
        const caption = document.querySelector('[contenteditable="true"] figcaption');
        const range = document.createRange();
        range.selectNodeContents(caption);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
      await page.keyboard.type('Tiêm chủng tại trạm y tế phường');

      // A table of two by two, at the end.
      await page.keyboard.press('Control+End');
      await page.locator('.se-toolbar button[data-command="table"]').click();
      const picker = page.locator('.se-table-size-picker, .se-controller-table-picker').first();
      const box = await picker.boundingBox();
      await page.mouse.move(box.x + 30, box.y + 30);
      await page.mouse.click(box.x + 30, box.y + 30);

      await Promise.all([page.waitForURL('**/admin/bai-viet/*'), page.click('button:has-text("Lưu bài")')]);
      assert.match(await page.textContent('[role=status]'), /Đã lưu phiên bản 1/);
      await Promise.all([page.waitForURL('**/admin/bai-viet/*'), page.click('button:has-text("Duyệt và đăng")')]);
      const publicUrl = await page.getAttribute('.article-state a[href$=".html"]', 'href');
      assert.ok(publicUrl, 'a published article links to its public page');

      const reader = await context.newPage();
      await reader.goto(publicUrl, { waitUntil: 'load' });
      const article = reader.locator('article').first();
      assert.equal((await article.locator('h2').allTextContents()).some((t) => t.includes('Lịch tiêm')), true);
      const strong = (await article.locator('.article__body strong').allTextContents()).filter((t) => t.trim());
      assert.deepEqual(strong, ['mở cửa']);
      assert.deepEqual(
        (await article.locator('ul li').allTextContents()).filter((t) => t.startsWith('Mang')),
        ['Mang sổ tiêm chủng', 'Mang thẻ bảo hiểm y tế'],
      );
      assert.equal(await article.locator('a[href="https://soyte.example.gov.vn/lich-tiem"]').count(), 1);
      assert.ok((await article.locator('table td, table th').count()) >= 4, 'a table of two by two');
      const img = article.locator('figure img').first();
      assert.equal(await img.getAttribute('alt'), 'Trẻ em được tiêm tại trạm y tế');
      assert.match(await article.locator('figure figcaption').first().textContent(), /Tiêm chủng tại trạm y tế phường/);
      await reader.close();
      assert.deepEqual(problems, [], 'no console error, no CSP refusal');
    } finally {
      await page.close();
    }
  });
});

/** What Word puts on the clipboard for a bold heading and a bulleted line (our own text). */
const WORD_CLIPBOARD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=ProgId content=Word.Document><style>p.MsoNormal{mso-style-parent:"";margin:0cm}</style></head><body lang=VI>
<!--StartFragment--><p class=MsoNormal style='margin-bottom:6.0pt;mso-line-height-alt:12pt'><b><span style='font-size:13.0pt;font-family:"Times New Roman",serif;mso-fareast-font-family:Calibri'>Kế hoạch phòng chống sốt xuất huyết năm 2027<o:p></o:p></span></b></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Diệt lăng quăng tại hộ gia đình<o:p></o:p></p>
<!--EndFragment--></body></html>`;

describe('article editor, the rest', () => {
  test('cleans a paste from Word, suggests tags in use, refuses a photo without alt text', { timeout: 120_000 }, async () => {
    const page = await context.newPage();
    const problems = watch(page);
    try {
      await logIn(page, 'bientap', PASSWORD);
      await page.goto('/admin/bai-viet/moi', { waitUntil: 'load' });
      await page.fill('#truong-title', 'Kế hoạch phòng chống sốt xuất huyết');
      await page.selectOption('#truong-category', { index: 1 });
      await page.fill('#truong-tags', 'Sốt xuất huyết, Phòng dịch mùa mưa');
      const body = page.locator('.se-wrapper-wysiwyg, [contenteditable="true"]').first();
      await body.waitFor({ state: 'visible' });
      await body.click();
      // A paste as the browser delivers one from Word: HTML and plain text on the clipboard.
      await page.evaluate((html) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'Kế hoạch phòng chống sốt xuất huyết năm 2027\nDiệt lăng quăng tại hộ gia đình');
        const target = document.querySelector('[contenteditable="true"]');
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, WORD_CLIPBOARD);
      await Promise.all([page.waitForURL('**/admin/bai-viet/*'), page.click('button:has-text("Lưu bài")')]);
      assert.match(await page.textContent('[role=status]'), /Đã lưu phiên bản 1/);
      // What was stored: the words and the bold, none of Word's own markup.
      const stored = await page.locator('#truong-body').inputValue();
      assert.match(stored, /<(strong|b)>[^<]*Kế hoạch phòng chống sốt xuất huyết năm 2027/);
      assert.match(stored, /Diệt lăng quăng tại hộ gia đình/);
      assert.doesNotMatch(stored, /mso|Mso|o:p|style=|<!--|supportLists|font-family/);

      // Tags already in use are offered while one is typed, accents or not.
      await page.fill('#truong-tags', '');
      await page.locator('#truong-tags').pressSequentially('Phong d', { delay: 30 });
      await page.waitForFunction(
        () => [...document.querySelectorAll('#goi-y-the option')].some((o) => o.value === 'Phòng dịch mùa mưa'),
        null,
        { timeout: 15_000 },
      );
      await page.fill('#truong-tags', 'Sốt xuất huyết, Phòng dịch mùa mưa');

      // A photo with no text alternative: the save is refused and says why; nothing is lost.
      const photo = await page.evaluate(async () => {
        const html = await (await fetch('/')).text();
        return (html.match(/\/media\/[^"']+\.(?:jpg|png|webp)/) || [])[0];
      });
      await body.click();
      await page.keyboard.press('Control+End');
      await page.locator('.se-toolbar button[data-command="image"]').click();
      const imageModal = page.locator('.se-modal-content:visible').first();
      await imageModal.locator('input.se-input-url, input[type="text"]').first().fill(photo);
      await imageModal.locator('button[type="submit"]').click();
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/admin/bai-viet/')),
        page.click('button:has-text("Lưu bài")'),
      ]);
      assert.equal(refused.status(), 422);
      await page.waitForLoadState('load');
      assert.match(await page.textContent('#loi-body'), /cần có mô tả/);
      assert.match(await page.locator('#truong-body').inputValue(), /Diệt lăng quăng/);
      // The refusal itself is the one expected error response.
      assert.deepEqual(problems.filter((p) => !p.startsWith('422 ')), [], 'no console error, no CSP refusal');
    } finally {
      await page.close();
    }
  });
});

describe('back-office accessibility', () => {
  test('no WCAG 2.1 AA violation on the newsroom and account screens', { timeout: 180_000 }, async () => {
    const axe = await portal.browser.newContext({ baseURL: portal.baseUrl, bypassCSP: true });
    const page = await axe.newPage();
    try {
      await logIn(page, 'bientap', PASSWORD);
      await page.goto('/admin/bai-viet', { waitUntil: 'load' });
      const first = await page.getAttribute('.article-list tbody a', 'href');
      const screens = ['/admin/', '/admin/bai-viet', '/admin/bai-viet/moi', first, `${first}/phien-ban`, '/admin/tai-khoan'];
      await assertAccessible(page, screens);
    } finally {
      await axe.close();
    }
  });
});
