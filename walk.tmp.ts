import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3111';
const link = process.argv[2];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
await p.goto(`${base}/?lang=en`);
await p.goto(link);
await p.fill('#email', 'anne@example.org');
await p.fill('#password', 'a long enough password');
await p.fill('#confirm', 'a long enough password');
await p.click('button[type=submit]');
await p.screenshot({ path: '/tmp/shots/overview.png', fullPage: true });
for (const [n, path] of [['alerts', '/app/alerts'], ['reports', '/app/reports']]) {
  await p.goto(base + path);
  await p.screenshot({ path: `/tmp/shots/${n}.png`, fullPage: true });
}
await p.goto(base + '/app/suppliers/DEMO-0033?invoices=todo#invoices');
await p.screenshot({ path: '/tmp/shots/supplier.png', fullPage: true });
await b.close();
