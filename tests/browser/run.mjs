// The web interface in a real browser (Debian's Chromium, driven by playwright-core):
// every page type, signed out, in Swedish and English, checked with axe-core at WCAG 2.1 A/AA
// (zero violations allowed), with no failed request and no console error; the vendored Swagger
// UI renders a registered API's document; screenshots of the main pages when asked.
//
//   node run.mjs <registry binary> <sqlite|postgres> [screenshot dir]
//
// Starts its own server on a fresh database (a temporary SQLite file, or a PostgreSQL database
// it creates and drops) with the seeded register.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import Provider from 'oidc-provider';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [binary, backend = 'sqlite', shots] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node run.mjs <registry binary> <sqlite|postgres> [screenshot dir]');
  process.exit(2);
}

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

const dir = mkdtempSync(join(tmpdir(), 'registry-browser-'));
let databaseUrl;
let pgName;
if (backend === 'postgres') {
  pgName = `browser_${process.pid}_${Date.now()}`;
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', `create database ${pgName}`]);
  databaseUrl = `postgres://postgres@127.0.0.1:5432/${pgName}`;
} else {
  databaseUrl = `sqlite://${join(dir, 'registry.db')}`;
}
const port = await freePort();
const base = `http://127.0.0.1:${port}`;

// A real OpenID provider (the certified npm package oidc-provider) the node trusts for people
// signing in: its development login form takes any name; the ID token names the organisation.
const opPort = await freePort();
const opIssuer = `http://127.0.0.1:${opPort}`;
const provider = new Provider(opIssuer, {
  clients: [{
    client_id: 'registry-web', client_secret: 'only-for-this-test-run',
    redirect_uris: [`${base}/logga-in/oidc/callback`],
    grant_types: ['authorization_code'], response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email'], org: ['org'] },
  scopes: ['openid', 'email', 'org'],
  conformIdTokenClaims: false,
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@digg.se`, org: 'digg' }),
  }),
  pkce: { required: () => true },
});
const opServer = provider.listen(opPort);

const env = {
  ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn',
  REGISTRY_OIDC_ISSUER: opIssuer, REGISTRY_OIDC_CLIENT_ID: 'registry-web',
  REGISTRY_OIDC_CLIENT_SECRET: 'only-for-this-test-run', REGISTRY_OIDC_SCOPES: 'openid email org',
  REGISTRY_OUTBOUND_ALLOW_PRIVATE: 'true',
};
const server = spawn(binary, ['serve', '--bind', `127.0.0.1:${port}`, '--public-url', base], { env, stdio: ['ignore', 'inherit', 'inherit'] });

const failures = [];
let browser;
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) break; } catch {}
    if (i > 300) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }

  // An API with a document, registered through the REST API by the owner's client.
  const creds = JSON.parse(execFileSync(binary, ['clients', 'create', '--organisation', 'digg', '--json'], { env, encoding: 'utf8' }));
  const token = (await (await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret }),
  })).json()).access_token;
  const authed = (method, path, body, type = 'application/json') => fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body,
  });
  const api = await (await authed('POST', '/api/v1/apis', JSON.stringify({
    title: { sv: 'Sök byggblock', en: 'Building-block search' },
    description: { sv: 'Ett API för att söka bland byggblocken.', en: 'An API to search the building blocks.' },
    publisher: 'digg', endpointUrls: ['https://api.example.se/byggblock/v1'], buildingBlocks: ['api-hantering'],
    status: 'i-produktion', accessRights: 'publik', keywords: ['sök'], themes: ['GOVE'],
  }))).json();
  if (!api.id) throw new Error(`registering the API failed: ${JSON.stringify(api)}`);
  const spec = {
    openapi: '3.0.3', info: { title: 'Sök byggblock', version: '1.0.0' },
    paths: { '/byggblock': { get: { summary: 'Lista byggblock', operationId: 'listBlocks', responses: { 200: { description: 'Byggblocken' } } } } },
  };
  const version = await authed('POST', `/api/v1/apis/${api.id}/versions`, JSON.stringify(spec));
  if (!version.ok) throw new Error(`uploading the document failed: ${version.status} ${await version.text()}`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  const pages = [
    ['front', '/'], ['blocks', '/byggblock'], ['block', '/byggblock/api-hantering'],
    ['search', '/sok?q=identitet'], ['phases', '/faser'], ['graph', '/beroenden'],
    ['plans', '/planer'], ['documents', '/styrdokument'], ['organisations', '/organisationer'],
    ['organisation', '/organisationer/digg'], ['competence-areas', '/kompetensomraden'],
    ['base-data-domains', '/grunddatadomaner'], ['ideas', '/ideer'], ['funding', '/finansiering'],
    ['forums', '/forum'], ['decisions', '/beslut'],
    ['services', '/tjanster'], ['service', '/tjanster/efos'], ['supplier', '/organisationer/forsakringskassan'],
    ['catalogue', '/api-katalog'], ['api', `/api-katalog/${api.id}`], ['changes', '/andringar'],
    ['federation', '/federation'], ['not-found', '/finns/inte'],
  ];
  for (const lang of ['sv', 'en']) {
    // The CSP allows no inline script; axe is injected, so the test's context bypasses it.
    const context = await browser.newContext({ bypassCSP: true, locale: lang === 'sv' ? 'sv-SE' : 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    for (const [name, path] of pages) {
      problems.length = 0;
      const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      const expected = name === 'not-found' ? 404 : 200;
      if (res.status() !== expected) failures.push(`${lang} ${path}: status ${res.status()}, expected ${expected}`);
      const htmlLang = await page.getAttribute('html', 'lang');
      if (htmlLang !== lang) failures.push(`${lang} ${path}: html lang is ${htmlLang}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      for (const v of result.violations) {
        failures.push(`${lang} ${path}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      }
      // The 404 page's own status is reported by the browser as a failed load; nothing else may be.
      const own = (p) => name === 'not-found' && p.includes('status of 404');
      for (const p of problems.filter((p) => !own(p))) failures.push(`${lang} ${path}: ${p}`);
      if (shots && lang === 'sv' && ['front', 'block', 'graph', 'catalogue', 'api', 'documents', 'plans'].includes(name)) {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
      }
    }
    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    if (first !== '#main') failures.push(`${lang}: the first Tab reaches ${first}, not the skip link`);
    await context.close();
  }

  // A phone: nothing wider than the screen but the tables' own scrolling boxes.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, locale: 'sv-SE' });
  const p = await phone.newPage();
  for (const [name, path] of pages.filter(([n]) => n !== 'not-found')) {
    await p.goto(`${base}${path}`);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) failures.push(`phone ${path}: the page is ${overflow}px wider than the screen`);
    if (shots && name === 'front') await p.screenshot({ path: join(shots, 'front-phone.png') });
  }
  await phone.close();

  // Signing in through the OpenID provider (authorization code + PKCE), then recording a phase
  // decision as the infrastructure owner and seeing it on the block page; a refused form
  // shows why. axe runs on the signed-in pages and on the form with its errors.
  const signed = await browser.newContext({ locale: 'sv-SE', bypassCSP: true });
  const sp1 = await signed.newPage();
  const axeCheck = async (label) => {
    await sp1.addScriptTag({ content: axeSource });
    const r = await sp1.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    for (const v of r.violations) failures.push(`${label}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  };
  try {
    await sp1.goto(`${base}/logga-in?next=/byggblock/indexering`);
    await axeCheck('sign-in page');
    await sp1.click('#provider a');
    await sp1.waitForSelector('input[name=login]');
    await sp1.fill('input[name=login]', 'anna');
    await sp1.fill('input[name=password]', 'anything');
    await sp1.click('button[type=submit]');
    // The provider asks once to share the claims with the registry.
    await sp1.waitForSelector('button[type=submit]');
    await sp1.click('button[type=submit]');
    await sp1.waitForURL(`${base}/byggblock/indexering`, { timeout: 15000 });
    const header = await sp1.textContent('header.site');
    if (!header.includes('anna@digg.se')) failures.push(`oidc: the header does not show who signed in: ${header}`);
    await sp1.click('details.form summary');
    await axeCheck('block page, signed in, form open');
    await sp1.selectOption('#phase', 'analys-och-krav');
    await sp1.fill('#decisionDate', '2026-12-01');
    await sp1.fill('#reference', 'Dnr 2026/4711');
    await sp1.fill('#justification', 'Analysen har börjat.');
    await sp1.click('form.stack button[type=submit]');
    await sp1.waitForURL(`${base}/byggblock/indexering#fasbeslut`);
    const decisions = await sp1.textContent('#fasbeslut + .table-wrap');
    if (!decisions?.includes('Dnr 2026/4711')) failures.push('oidc: the recorded decision is not on the block page');
    // A refused form says why, beside the field, and the summary links to it.
    await sp1.click('details.form summary');
    await sp1.fill('#decisionDate', '');
    await sp1.click('form.stack button[type=submit]');
    await sp1.waitForSelector('.error-summary');
    const summary = await sp1.textContent('.error-summary');
    if (!summary.includes('ÅÅÅÅ-MM-DD')) failures.push(`oidc: the refusal does not say why: ${summary}`);
    await axeCheck('block page with a refused form');
    // The block's own form: the edit, carried with the version it was opened at.
    await sp1.goto(`${base}/byggblock/indexering`);
    await sp1.click('a[href="/byggblock/indexering/redigera"]');
    await sp1.waitForSelector('#f-purpose');
    await axeCheck('block edit form');
    await sp1.fill('#f-name', '');
    await sp1.click('form.stack button[type=submit]');
    await sp1.waitForSelector('#f-name-error');
    await axeCheck('block edit form with a refusal');
    if (shots) await sp1.screenshot({ path: join(shots, 'edit-form-errors.png'), fullPage: false });
    await sp1.fill('#f-name', 'Indexering');
    await sp1.fill('#f-purpose', 'Att göra offentliga data sökbara på ett ställe.');
    await sp1.click('form.stack button[type=submit]');
    await sp1.waitForURL(`${base}/byggblock/indexering`);
    if (!(await sp1.textContent('p.lede'))?.includes('sökbara på ett ställe')) failures.push('edit: the saved purpose is not on the block page');
    // Every page type again, signed in (the header has the person and a sign-out form).
    for (const [name, path] of pages.filter(([n]) => n !== 'not-found')) {
      await sp1.goto(`${base}${path}`);
      await axeCheck(`signed in ${path}`);
    }
    if (shots) await sp1.screenshot({ path: join(shots, 'form-errors.png') });
  } catch (e) {
    failures.push(`oidc sign-in: ${e.message}`);
  }
  await signed.close();

  // A built-in account: the one-time link, a password, then signing in with it.
  const own = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
  const op = await own.newPage();
  try {
    const account = JSON.parse(execFileSync(binary, ['users', 'create', '--organisation', 'bolagsverket', '--email', 'bo@bolagsverket.se', '--json', '--public-url', base], { env, encoding: 'utf8' }));
    await op.goto(account.setupLink);
    await op.fill('#password', 'a sentence to remember');
    await op.fill('#repeat', 'a sentence to remember');
    await op.click('form.stack button[type=submit]');
    await op.waitForURL(`${base}/`);
    if (!(await op.textContent('header.site')).includes('bo@bolagsverket.se')) failures.push('account: not signed in after setting the password');
    await op.click('form.signed-in button');
    await op.waitForURL(`${base}/`);
    await op.goto(`${base}/logga-in`);
    await op.fill('#email', 'bo@bolagsverket.se');
    await op.fill('#password', 'a sentence to remember');
    await op.click('form.stack button[type=submit]');
    await op.waitForURL(`${base}/`);
    if (!(await op.textContent('header.site')).includes('bo@bolagsverket.se')) failures.push('account: signing in again failed');
    // The agency registers an API and pastes its document; the catalogue shows it, rendered.
    await op.goto(`${base}/api-katalog/ny`);
    await op.addScriptTag({ content: axeSource });
    const r = await op.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    for (const v of r.violations) failures.push(`register-an-API form: axe ${v.id} (${v.impact}): ${v.help}`);
    await op.fill('#f-title-sv', 'Företagsfakta');
    await op.fill('#f-title-en', 'Company facts');
    await op.fill('#f-description-sv', 'Grunduppgifter om registrerade företag.');
    await op.fill('#f-endpointUrls', 'https://api.bolagsverket.se/foretagsfakta/v1');
    await op.selectOption('#f-status', 'i-produktion');
    await op.selectOption('#f-accessRights', 'publik');
    await op.fill('#f-buildingBlocks', 'api-hantering');
    await op.check('input[name=themes][value=ECON]');
    await op.click('form.stack button[type=submit]');
    await op.waitForURL(/\/api-katalog\/[0-9a-f-]{36}$/);
    await op.click('details.form summary');
    await op.fill('#f-document', JSON.stringify({ ...spec, info: { title: 'Företagsfakta', version: '2.0.0' } }));
    await op.click('details.form button[type=submit]');
    await op.waitForURL(/\/versioner\/1$/);
    await op.waitForSelector('.opblock-summary', { timeout: 15000 });
    await op.goto(`${base}/api-katalog?q=f%C3%B6retagsfakta`);
    if (!(await op.textContent('main')).includes('Company facts')) failures.push('account: the registered API is not in the catalogue');
  } catch (e) {
    failures.push(`built-in account: ${e.message}`);
  }
  await own.close();

  // The vendored Swagger UI renders the version's document.
  const ctx = await browser.newContext({ locale: 'sv-SE' });
  const sp = await ctx.newPage();
  const swaggerProblems = [];
  sp.on('console', (m) => { if (m.type() === 'error') swaggerProblems.push(m.text()); });
  await sp.goto(`${base}/api-katalog/${api.id}/versioner/1.0.0`);
  try {
    await sp.waitForSelector('.opblock-summary', { timeout: 15000 });
    const op = await sp.textContent('.opblock-summary');
    if (!op.includes('/byggblock')) failures.push(`swagger: the operation shown is '${op}'`);
    if (shots) await sp.screenshot({ path: join(shots, 'swagger.png') });
  } catch (e) {
    failures.push(`swagger: the document did not render (${e.message}); console: ${swaggerProblems.join(' | ')}`);
  }
  await ctx.close();
} catch (e) {
  failures.push(`setup: ${e.stack || e}`);
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  opServer.close();
  await new Promise((r) => server.once('exit', r));
  if (pgName) execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', `drop database if exists ${pgName}`]);
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`browser (${backend}): ${failures.length} failure(s)`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`browser (${backend}): every page passed axe (WCAG 2.1 A/AA) in both languages, on a phone, and Swagger UI rendered`);
