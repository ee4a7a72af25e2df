// The web console (`edgerec serve` at /console, native/server/console/web/) in headless Debian
// Chromium, driven with playwright-core, against a real `edgerec serve` whose home starts with
// nothing but an access key:
//
//   - the sign-in form: keyboard order, a wrong secret refused, Enter submits; the main
//     navigation and the skip link reachable by keyboard; focus visible
//   - the whole workflow clicked through: a dataset group, its Interactions and Items datasets
//     (schemas), imports from an s3:// location mapped with --bucket (one failing with
//     file:line:column), a solution, a version trained while the page shows its status, a
//     campaign, "try it" (recommendations and a ranking, shown with titles and genres), a filter
//     checked as it is typed (the caret under the error's position) and used in "try it"
//   - events sent with a recommendationId: impressions, clicks and click-through on the campaign
//     page, its requests and latency, the tracker's live event count
//   - scale: a group with 10,000 items and 100 solution versions (built with the CLI while the
//     workflow runs): the solution page renders in a few seconds and pages through all 100,
//     two versions compared side by side, the report's charts, "try it" with metadata, the
//     campaign updated to another of the 100 versions
//   - sign out, and a token the server does not know: back to the sign-in form
//
// Screenshots at 1280x800 go to build/console-screenshots/ (EDGEREC_CONSOLE_SCREENSHOTS to
// change); each is taken after the content it should show was checked to be in the viewport,
// and checked to be a 1280x800 PNG of more than a blank page's bytes. EDGEREC_CONSOLE_DEBUG=1
// prints the server's log at the end.
// Needs Chromium (CHROMIUM, default /usr/bin/chromium) and playwright-core (npm ci): skipped
// without them on a developer's machine, a failure under CI.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { CHROMIUM, loadPlaywrightChromium, playwrightUnavailable } from '../test-support/chromium.js';
import { CLI, IN_CI, REPO_DIR, cliAsync, cliUnavailable, runCli } from '../test-support/cli.js';
import { startServer } from '../test-support/server.js';

const WEB_DIR = join(REPO_DIR, 'native/server/console/web');
const SHOTS = process.env.EDGEREC_CONSOLE_SCREENSHOTS || join(REPO_DIR, 'build/console-screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const SCALE_ITEMS = 10_000;
const SCALE_VERSIONS = 100;

const chromium = await loadPlaywrightChromium();

function whySkip() {
  const why = cliUnavailable() // throws under CI
    ?? playwrightUnavailable(chromium);
  if (why && IN_CI) throw new Error(why);
  return why ?? false;
}
const skip = whySkip();

// Words for readable, deterministic item titles and genres.
const ADJECTIVES = ['Silent', 'Crimson', 'Golden', 'Hidden', 'Electric', 'Frozen', 'Wandering', 'Last', 'Midnight', 'Paper'];
const NOUNS = ['Harbor', 'Orchard', 'Signal', 'Garden', 'Voyage', 'Lantern', 'Circuit', 'Meadow', 'Kingdom', 'River'];
const GENRES = ['Comedy', 'Drama', 'Action', 'Documentary', 'Romance', 'Thriller'];

function itemsCsv(count) {
  const lines = ['ITEM_ID,TITLE,GENRES,CREATION_TIMESTAMP'];
  for (let i = 0; i < count; i++) {
    const title = `The ${ADJECTIVES[i % 10]} ${NOUNS[Math.floor(i / 10) % 10]} ${Math.floor(i / 100) + 1}`;
    const genres = [GENRES[i % 6], GENRES[(i + 2) % 6]].join('|');
    lines.push(`i${i},${title},${genres},${1_600_000_000 + i * 60}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A PNG's width and height from its IHDR chunk, or null if the bytes are no PNG. */
function pngSize(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the web console in headless Chromium', { skip, timeout: 240_000 }, () => {
  let home;
  let data;
  let key;
  let server;
  let builtIn;
  let browser;
  let page;
  let scale; // the 10,000-item, 100-version group, built in the background
  const pageErrors = [];
  const shots = [];
  let endpoint;

  /** Runs the CLI without blocking the event loop (the browser keeps going meanwhile). */
  async function cli(args) {
    const r = await cliAsync(args);
    if (r.code !== 0) throw new Error(`${CLI} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr}`);
    return r.stdout;
  }

  before(async () => {
    const started = Date.now();
    home = mkdtempSync(join(tmpdir(), 'edgerec-console-home-'));
    data = mkdtempSync(join(tmpdir(), 'edgerec-console-data-'));
    runCli(['synth', '--users', '200', '--items', '300', '--interactions', '6000', '--seed', '5', '--output', join(data, 'interactions.csv')]);
    writeFileSync(join(data, 'items.csv'), itemsCsv(300));
    // Line 3, column 4 (CREATION_TIMESTAMP) is no number: the import fails there.
    writeFileSync(join(data, 'bad-items.csv'), 'ITEM_ID,TITLE,GENRES,CREATION_TIMESTAMP\ni0,A,Comedy,1600000000\ni1,B,Drama,yesterday\n');
    key = JSON.parse(runCli(['create-access-key', '--home', home, '--description', 'console test']));

    // The scale group, with the CLI, while the workflow runs in the browser.
    scale = (async () => {
      const t0 = Date.now();
      const group = join(home, 'catalog');
      await cli(['synth', '--users', '1500', '--items', `${SCALE_ITEMS}`, '--interactions', '12000', '--seed', '9', '--output', join(data, 'catalog.csv')]);
      writeFileSync(join(data, 'catalog-items.csv'), itemsCsv(SCALE_ITEMS));
      writeFileSync(join(data, 'catalog-items.json'), JSON.stringify({
        type: 'record', name: 'Items', namespace: 'com.amazonaws.personalize.schema', version: '1.0',
        fields: [{ name: 'ITEM_ID', type: 'string' }, { name: 'TITLE', type: 'string', textual: true },
          { name: 'GENRES', type: ['null', 'string'], categorical: true }, { name: 'CREATION_TIMESTAMP', type: 'long' }],
      }));
      await cli(['create-dataset-group', group]);
      await cli(['import', group, '--dataset', 'interactions', '--csv', join(data, 'catalog.csv')]);
      await cli(['import', group, '--dataset', 'items', '--csv', join(data, 'catalog-items.csv'), '--schema', join(data, 'catalog-items.json')]);
      // popularity-count is the cheapest recipe: 100 versions of it, one after another.
      for (let i = 0; i < SCALE_VERSIONS; i++) await cli(['train', group, '--recipe', 'popularity-count', '--quiet']);
      await cli(['create-campaign', group, '--name', 'catalog-top', '--solution-version', 'latest']);
      await cli(['train', group, '--recipe', 'similar-items', '--quiet']);
      await cli(['create-campaign', group, '--name', 'catalog-sims', '--solution-version', 'latest']);
      return { seconds: (Date.now() - t0) / 1000 };
    })();
    scale.catch(() => {}); // awaited (and reported) by the scale test

    // The page under test is the source folder's (--console-dir), so an edit needs no rebuild.
    server = await startServer(home, ['--bucket', `data=${data}`, '--console-dir', WEB_DIR, '--quiet']);
    endpoint = server.endpoint;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // A CSP violation is reported on the console: the page must cause none.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text());
    });
    mkdirSync(SHOTS, { recursive: true });
    console.log(`# ${browser.version()}; edgerec serve at ${endpoint}; setup ${Date.now() - started} ms; screenshots in ${SHOTS}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await builtIn?.stop();
    await scale?.catch(() => {});
    if (home) rmSync(home, { recursive: true, force: true });
    if (data) rmSync(data, { recursive: true, force: true });
    if (shots.length) console.log(`# screenshots: ${shots.join(', ')}`);
    if (process.env.EDGEREC_CONSOLE_DEBUG) console.log(server?.logs.join('\n')); // the jobs the server ran
  });

  const main = () => page.locator('main');
  const heading = (text) => page.getByRole('heading', { level: 1, name: text });
  const go = async (hash) => {
    await page.goto(`${endpoint}/console${hash}`);
  };

  /**
   * A 1280x800 screenshot named `name`, after each of `expected` (locators or text) was found
   * visible and inside the viewport (the first is scrolled to).
   */
  async function shot(name, expected) {
    const locators = expected.map((e) => (typeof e === 'string' ? main().getByText(e, { exact: false }).first() : e));
    for (const l of locators) await l.waitFor({ state: 'visible' });
    // The first expected thing at the top of the viewport (below a little margin).
    await locators[0].evaluate((e) => {
      e.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -12);
    });
    await sleep(150); // the toast's fade, a chart's last paint
    for (const [i, l] of locators.entries()) {
      const box = await l.boundingBox();
      assert.ok(box && box.y < VIEWPORT.height && box.y + box.height > 0 && box.x < VIEWPORT.width,
        `${name}: ${String(expected[i])} is not in the 1280x800 viewport (${JSON.stringify(box)})`);
    }
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    const bytes = readFileSync(path);
    const size = pngSize(bytes);
    assert.deepEqual(size, VIEWPORT, `${path} is not a 1280x800 PNG`);
    // A blank 1280x800 page compresses to a few kilobytes; one with text and tables to tens.
    assert.ok(statSync(path).size > 20_000, `${path} is only ${statSync(path).size} bytes`);
    shots.push(`${name}.png`);
  }

  /**
   * The tab order of a freshly loaded page (reloaded, so focus starts at the document): each
   * stop's id, tag and text, whether it is in the main navigation and shows a focus ring.
   */
  async function tabStops(count, ready) {
    await page.reload();
    await ready.waitFor();
    const stops = [];
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return {
          id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent ?? '').trim().slice(0, 40),
          inNav: Boolean(e.closest('nav#nav')), ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      }));
    }
    return stops;
  }

  it('serves the built-in console with its security policy', async () => {
    builtIn = await startServer(home, ['--quiet']);
    const res = await fetch(`${builtIn.endpoint}/console`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    assert.match(html, /<script type="module" src="\/console\/console.js">/);
    assert.doesNotMatch(html, /<script>|\son[a-z]+=/, 'no inline script or handler');
    for (const file of readdirSync(WEB_DIR)) {
      const served = await (await fetch(`${builtIn.endpoint}/console/${file}`)).text();
      assert.equal(served, readFileSync(join(WEB_DIR, file), 'utf8'),
        `the binary's ${file} differs from native/server/console/web/${file}: rebuild (cmake --build build/native)`);
    }
    await builtIn.stop();
    builtIn = null;
  });

  it('asks for an access key, refuses a wrong one, and is reachable by keyboard', async () => {
    await go('');
    await heading('Sign in to the edgerec console').waitFor();
    assert.equal(await page.locator('#nav').isVisible(), false, 'no navigation before signing in');
    const stops = await tabStops(5, page.locator('#access-key-id'));
    const at = (pred) => stops.findIndex(pred);
    const idField = at((s) => s.id === 'access-key-id');
    const secretField = at((s) => s.id === 'secret-access-key');
    const button = at((s) => s.tag === 'button' && s.text === 'Sign in');
    assert.ok(idField >= 0 && idField < secretField && secretField < button, `tab order: ${JSON.stringify(stops)}`);
    assert.ok(stops[button].ring, 'the focused button shows a focus ring');

    // A wrong secret: Enter in the field submits; the server's message is shown.
    await page.locator('#access-key-id').fill(key.accessKeyId);
    await page.locator('#secret-access-key').fill('not-the-secret');
    await page.locator('#secret-access-key').press('Enter');
    const alert = main().getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /UnrecognizedClientException.*wrong/);
    await shot('01-sign-in-refused', [page.locator('#login-form'), alert]);

    await page.locator('#secret-access-key').fill(key.secretAccessKey);
    await page.locator('#secret-access-key').press('Enter');
    await heading('Dataset groups').waitFor();
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('edgerec.console.session')));
    assert.equal(stored.accessKeyId, key.accessKeyId);
    assert.ok(stored.token && stored.expiresAt > Date.now() / 1000, 'a session token is kept in sessionStorage');

    // Signed in: the skip link first, then the header's button and the main navigation.
    const signedIn = await tabStops(4, heading('Dataset groups'));
    assert.equal(signedIn[0].id, 'skip-link', JSON.stringify(signedIn));
    assert.ok(signedIn[0].ring, 'the skip link shows a focus ring');
    assert.ok(signedIn.some((s) => s.inNav && s.text === 'Dataset groups'), `nav reachable: ${JSON.stringify(signedIn)}`);
    await page.reload();
    await heading('Dataset groups').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the skip link
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  });

  it('creates a group and its datasets, and imports from a mapped bucket', async () => {
    await main().getByLabel('Name', { exact: true }).fill('shop');
    await main().getByLabel('Name', { exact: true }).press('Enter');
    await heading('Dataset group shop').waitFor();
    await page.waitForFunction(() => location.hash === '#/groups/shop');

    // The Interactions dataset from the schema template, then Items (the first type missing).
    const create = main().getByRole('form', { name: 'Create a dataset' });
    await create.getByLabel('Dataset type').waitFor();
    assert.equal(await create.getByLabel('Dataset type').inputValue(), 'Interactions');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await main().locator('article[aria-label="interactions dataset"] .badge', { hasText: 'ACTIVE' }).waitFor();
    await main().getByRole('form', { name: 'Create a dataset' }).getByLabel('Dataset type').waitFor();
    assert.equal(await main().getByRole('form', { name: 'Create a dataset' }).getByLabel('Dataset type').inputValue(), 'Items');
    await main().getByRole('form', { name: 'Create a dataset' }).getByRole('button', { name: 'Create dataset' }).click();
    await main().locator('article[aria-label="items dataset"] .badge', { hasText: 'ACTIVE' }).waitFor();

    // Imports: a file with a bad value fails with its place; then the good files.
    const start = async (type, file) => {
      const f = main().getByRole('form', { name: 'Start an import' });
      await f.getByLabel('Dataset', { exact: true }).selectOption({ label: `${type} (shop-${type.toLowerCase()})` });
      await f.getByLabel('Data location').fill(`s3://data/${file}`);
      const name = await f.getByLabel('Job name').inputValue();
      await f.getByLabel('Data location').press('Enter');
      await page.locator('#toast', { hasText: `Started import ${name}` }).waitFor();
    };
    await start('Items', 'bad-items.csv');
    const failure = main().locator('#imports .error-text', { hasText: 'bad-items.csv:3:4' });
    await failure.waitFor({ timeout: 30_000 });
    assert.match(await failure.textContent(), /bad-items\.csv:3:4 \(CREATION_TIMESTAMP\)/);
    assert.equal(await failure.locator('code.where').textContent(), `${join(data, 'bad-items.csv')}:3:4`);
    await start('Items', 'items.csv');
    await start('Interactions', 'interactions.csv');
    // The page polls the jobs; when they end, the datasets show their rows and the minimum data.
    await main().locator('article[aria-label="interactions dataset"] .rows', { hasText: '6,000' }).waitFor({ timeout: 30_000 });
    await main().locator('article[aria-label="items dataset"] .rows', { hasText: '300' }).waitFor({ timeout: 30_000 });
    const minimum = main().locator('.minimum.ok');
    await minimum.waitFor();
    assert.match(await minimum.textContent(), /Meets the minimum data for training/);
    assert.match(await main().locator('article[aria-label="items dataset"]').textContent(), /TITLE.*GENRES.*CREATION_TIMESTAMP/s);
    await shot('02-group-datasets', [main().locator('#datasets'), minimum, main().getByText('Bulk rows').first()]);
    await shot('03-group-imports', [main().locator('#imports'), failure]);
  });

  it('trains a solution version, showing its status while it trains, then every metric', async () => {
    await page.locator('#nav').getByRole('link', { name: 'Solutions' }).click();
    await heading('Solutions of shop').waitFor();
    const f = main().getByRole('form', { name: 'Create a solution' });
    await f.getByLabel('Name', { exact: true }).fill('shop-up');
    await f.getByLabel('Recipe').selectOption({ label: 'aws-user-personalization' });
    await f.getByLabel('Hyperparameters', { exact: true }).fill('factors=8\niterations=8\nhpo_trials=1');
    assert.equal(await f.getByLabel(/Train a new version automatically/).isChecked(), true, 'automatic training is on by default');
    await f.getByLabel('Every N days').fill('3');
    await shot('04a-create-solution', [f, f.getByLabel('Every N days')]);
    await f.getByRole('button', { name: 'Create solution' }).click();
    await heading('Solution shop-up').waitFor();
    await main().getByText('on, rate(3 days)').waitFor();
    // Off from the solution page (UpdateSolution), and the page says so.
    const schedule = main().getByRole('form', { name: 'Automatic training' });
    await schedule.getByLabel('Train a new version automatically').uncheck();
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('#toast').getByText(/Automatic training of shop-up: off/).waitFor();
    assert.equal(await main().locator('dd', { hasText: /^off$/ }).count(), 1, 'the details say off');
    await shot('04b-solution-schedule', [main().locator('dl.facts'), schedule]);

    await main().getByRole('button', { name: 'Train a new version' }).click();
    // Sample what the page shows until the version is ACTIVE: a status other than ACTIVE (with
    // its progress line) must have been on screen on the way.
    const seen = new Set();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const cell = await page.evaluate(() => document.querySelector('#versions tbody tr td:nth-child(3)')?.textContent ?? '');
      seen.add(cell.trim());
      if (/^ACTIVE/.test(cell.trim())) break;
      assert.ok(!/FAILED/.test(cell), `training failed: ${cell}`);
      assert.ok(Date.now() < deadline, `still training: ${[...seen].join(' / ')}`);
      await sleep(50);
    }
    assert.ok([...seen].some((t) => /CREATE (PENDING|IN_PROGRESS)/.test(t)), `statuses shown: ${[...seen].join(' / ')}`);
    const metrics = main().locator('#latest table.metrics');
    await metrics.waitFor();
    const text = await metrics.textContent();
    for (const m of ['coverage', 'mean_reciprocal_rank_at_25', 'normalized_discounted_cumulative_gain_at_10', 'precision_at_25', 'recall_at_25']) {
      assert.ok(text.includes(m), `metric ${m} shown`);
    }
    await shot('04-solution', [main().locator('#versions'), metrics.getByText('coverage')]);
  });

  it('deploys the version as a campaign and tries it: recommendations and a ranking with titles and genres', async () => {
    await main().locator('#versions tbody a').first().click();
    await heading(/^Version sv-/).waitFor();
    await main().getByLabel('Campaign name').fill('shop-campaign');
    await main().getByRole('button', { name: 'Create campaign' }).click();
    await heading('Campaign shop-campaign').waitFor();
    assert.match(await main().locator('dl.facts').first().textContent(), /ACTIVE/);

    const tryIt = main().locator('#try-it');
    await tryIt.getByLabel('User ID').fill('u1');
    await tryIt.getByLabel('User ID').press('Enter');
    const rows = tryIt.locator('.results-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 10);
    const titles = await tryIt.locator('.results-table .item-title').allTextContents();
    assert.equal(titles.length, 10);
    assert.ok(titles.every((t) => /^The \w+ \w+ \d+$/.test(t)), `titles: ${titles.join(', ')}`);
    assert.ok((await tryIt.locator('.results-table .tag').count()) >= 10, 'genres shown as tags');
    assert.deepEqual(await tryIt.locator('.results-table thead th').allTextContents(), ['#', 'Item ID', 'Title', 'Genres', 'Other metadata', 'Score']);
    await shot('05-campaign-try-it', [tryIt.locator('h2'), tryIt.getByLabel('User ID'), rows.nth(4)]);

    await tryIt.getByLabel('Rank a list for a user').check();
    await tryIt.getByLabel('Items to rank').fill('i3, i1\ni4 i2');
    await tryIt.getByRole('button', { name: 'Get results' }).click();
    await tryIt.locator('.results-table tbody tr').nth(3).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#try-it .results-table tbody tr').length === 4);
    const ranked = await tryIt.locator('.results-table tbody td:nth-child(2)').allTextContents();
    assert.deepEqual([...ranked].sort(), ['i1', 'i2', 'i3', 'i4']);
    assert.equal(await tryIt.locator('.results-table .item-title').count(), 4);

    // A campaign of user-personalization takes no itemId: the Runtime's message is shown.
    await tryIt.getByLabel('Related items for an item').check();
    await tryIt.getByLabel('Item ID').fill('i1');
    await tryIt.getByLabel('Item ID').press('Enter');
    await tryIt.getByRole('alert').waitFor();
  });

  it('checks a filter expression as it is typed, with the error\'s position, and uses the filter', async () => {
    await page.locator('#nav').getByRole('link', { name: 'Filters' }).click();
    await heading('Filters of shop').waitFor();
    const f = main().getByRole('form', { name: 'Create a filter' });
    await f.getByLabel('Name', { exact: true }).fill('genre');
    const expression = f.getByLabel('Expression');
    const wrong = 'INCLUDE ItemID WHERE Items.GENRES INN ($GENRE)';
    await expression.pressSequentially(wrong, { delay: 5 });
    const check = main().locator('#filter-expression-check.invalid');
    await check.waitFor();
    assert.match(await check.textContent(), /expected IN/);
    const caret = await check.locator('pre.caret').textContent();
    assert.equal(await expression.getAttribute('aria-invalid'), 'true');
    await shot('06-filter-checked', [f, check.locator('pre.caret')]);

    await expression.fill('');
    await expression.pressSequentially('INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)', { delay: 2 });
    await main().locator('#filter-expression-check.valid').waitFor();
    await expression.press('Enter'); // creates the filter
    const row = main().locator('#filters tbody tr', { hasText: 'genre' });
    await row.waitFor();
    assert.match(await row.textContent(), /\$GENRE/);

    await go('#/campaigns/shop-campaign');
    const tryIt = main().locator('#try-it');
    await tryIt.getByLabel('User ID').fill('u2');
    await tryIt.getByLabel('Filter', { exact: true }).selectOption({ label: 'genre' });
    await tryIt.getByLabel('Value of $GENRE').fill('Comedy');
    await tryIt.getByRole('button', { name: 'Get results' }).click();
    await tryIt.locator('.results-table tbody tr').first().waitFor();
    const genres = await tryIt.locator('.results-table tbody td:nth-child(4)').allTextContents();
    assert.ok(genres.length > 0 && genres.every((g) => g.includes('Comedy')), `filtered genres: ${genres.join(' / ')}`);

    // The caret under the invalid expression: Edgerec.ValidateFilterExpression's position is a
    // 0-based offset (the checker's own messages count from 1).
    const [line, marker] = caret.split('\n');
    assert.equal(line, wrong);
    assert.equal(marker, `${' '.repeat(wrong.indexOf('INN'))}^`, 'the caret is under INN (position 0-based)');
  });

  it('shows impressions, clicks and click-through, requests and latency, and live event counts', async () => {
    // Two recommendations shown (10 items each): one clicked twice, one not. The events come
    // as a web page's tracker would send them, here with the console's session.
    const { token } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('edgerec.console.session')));
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const campaignArn = 'arn:aws:personalize:us-east-1:000000000000:campaign/shop-campaign';
    const { trackingId } = JSON.parse(runCli(['list-event-trackers', join(home, 'shop')])).eventTrackers[0];
    const now = Math.floor(Date.now() / 1000);
    for (const [user, clicks] of [['u10', 2], ['u11', 0]]) {
      const rec = await (await fetch(`${endpoint}/recommendations`, { method: 'POST', headers: auth, body: JSON.stringify({ campaignArn, userId: user, numResults: 10 }) })).json();
      const shown = rec.itemList.map((i) => i.itemId);
      const eventList = [{ eventType: 'view', sentAt: now, recommendationId: rec.recommendationId, impression: shown }];
      for (let c = 0; c < clicks; c++) eventList.push({ eventType: 'click', itemId: shown[c], sentAt: now + 1 + c, recommendationId: rec.recommendationId });
      const put = await fetch(`${endpoint}/events`, { method: 'POST', headers: auth, body: JSON.stringify({ trackingId, userId: user, sessionId: `s-${user}`, eventList }) });
      assert.equal(put.status, 200, await put.text());
    }
    await go('#/groups');
    await go('#/campaigns/shop-campaign');
    const online = main().locator('#online-metrics');
    await online.locator('.stat-value').first().waitFor();
    const values = await online.locator('.stat').allTextContents();
    assert.deepEqual(values, ['20Impressions', '2Clicks', '10.00 %Click-through'], JSON.stringify(values));
    assert.ok((await online.locator('svg.chart rect').count()) >= 2, 'bars for impressions and clicks');
    const requests = main().locator('#requests');
    await requests.locator('.stat').first().waitFor();
    const served = Number((await requests.locator('.stat-value').first().textContent()).replace(/,/g, ''));
    assert.ok(served >= 5, `requests counted: ${served}`);
    assert.match(await requests.textContent(), /p95 latency/);
    await shot('07-campaign-metrics', [requests.locator('.stats'), online.locator('.stats'), online.locator('svg.chart')]);

    await page.locator('#nav').getByRole('link', { name: 'Event trackers' }).click();
    await heading('Event trackers of shop').waitFor();
    const row = main().locator('#trackers tbody tr', { hasText: trackingId });
    await row.waitFor();
    await page.waitForFunction((id) => [...document.querySelectorAll('#trackers tbody tr')]
      .some((r) => r.textContent.includes(id) && r.querySelector('.events-total')?.textContent === '4'), trackingId);
    assert.match(await row.textContent(), /ck-[0-9a-f]+/, 'the client key is shown');
    await shot('08-event-trackers', [row, row.locator('.events-total')]);
  });

  it(`keeps a group of ${SCALE_ITEMS.toLocaleString('en-US')} items and ${SCALE_VERSIONS} versions usable`, async () => {
    const built = await scale;
    console.log(`# the scale group took ${built.seconds.toFixed(1)} s to build with the CLI`);

    // The solution page: its first page of versions within a few seconds.
    let t0 = Date.now();
    await go('#/solutions/popularity-count');
    const rows = main().locator('#versions tbody tr');
    await rows.nth(24).waitFor();
    const firstPageMs = Date.now() - t0;
    assert.ok(firstPageMs < 5000, `the solution page took ${firstPageMs} ms`);
    assert.equal(await rows.count(), 25);
    await main().locator('#latest table.metrics').waitFor();
    await shot('09-scale-solution', [main().locator('#versions h2'), rows.nth(8)]);

    // Every version, page by page.
    t0 = Date.now();
    const ids = new Set();
    for (let pageNo = 1; ; pageNo++) {
      await page.waitForFunction((n) => document.querySelector('#versions .page-info')?.textContent.startsWith(`Page ${n}:`), pageNo);
      for (const id of await main().locator('#versions tbody td:nth-child(2)').allTextContents()) ids.add(id);
      const next = main().locator('#versions').getByRole('button', { name: 'Next page' });
      if (await next.isDisabled()) break;
      await next.click();
      assert.ok(pageNo < 10, 'too many pages');
    }
    assert.equal(ids.size, SCALE_VERSIONS);
    assert.match(await main().locator('#versions .page-info').textContent(), /Page 4: rows 76–100 \(last page\)/);
    console.log(`# first page of versions in ${firstPageMs} ms; all ${SCALE_VERSIONS} in 4 pages in ${Date.now() - t0} ms`);

    // 100 rows per page at once, then two versions side by side.
    await main().locator('#versions').getByLabel('Rows per page').selectOption('100');
    await page.waitForFunction(() => document.querySelectorAll('#versions tbody tr').length === 100);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(99).getByRole('checkbox').check();
    await main().getByRole('button', { name: 'Compare selected versions' }).click();
    await heading('Compare versions of popularity-count').waitFor();
    const compare = main().locator('table.compare');
    assert.match(await compare.textContent(), /Difference.*coverage.*precision_at_10/s);
    await shot('10-scale-compare', [compare.locator('thead'), compare.getByText('coverage')]);

    // The report's charts of the group's 101 versions, sandboxed.
    await go('#/solutions/popularity-count');
    t0 = Date.now();
    await main().getByRole('button', { name: 'Show the report' }).click();
    const frame = page.frameLocator('iframe.report');
    await frame.locator('svg').first().waitFor({ timeout: 30_000 });
    console.log(`# the report (${SCALE_VERSIONS + 1} versions) in ${Date.now() - t0} ms`);
    assert.equal(await main().locator('iframe.report').getAttribute('sandbox'), '');
    // Inside the frame, the charts' heading; then the first chart must show below it.
    // scrollIntoView itself: Playwright's scrollIntoViewIfNeeded waits for the element to stop
    // moving, which a frame of 101 versions' charts may take longer to do than the test waits.
    await frame.getByRole('heading', { name: 'Charts' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('11-scale-report', [main().locator('iframe.report'), frame.getByRole('heading', { name: 'Charts' }), frame.locator('svg').first()]);

    // The Items dataset's 10,000 rows; "try it" with 100 results, each with its title.
    await go('#/groups/catalog');
    await main().locator('article[aria-label="items dataset"] .rows', { hasText: '10,000' }).waitFor();
    await go('#/campaigns/catalog-top');
    const tryIt = main().locator('#try-it');
    await tryIt.getByLabel('User ID').fill('u7');
    await tryIt.getByLabel('Number of results').fill('100');
    t0 = Date.now();
    await tryIt.getByRole('button', { name: 'Get results' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#try-it .results-table tbody tr').length === 100);
    console.log(`# 100 recommendations with metadata in ${Date.now() - t0} ms`);
    const titles = await tryIt.locator('.results-table .item-title').allTextContents();
    assert.equal(titles.filter((t) => /^The \w+ \w+ \d+$/.test(t)).length, 100);

    // Update the campaign to another of the 100 versions.
    const update = main().getByRole('form', { name: 'Update the campaign' });
    const choice = update.getByLabel('Solution version');
    await page.waitForFunction(() => document.querySelectorAll('#update select option').length === 100);
    const other = await choice.locator('option').nth(37).getAttribute('value');
    await choice.selectOption(other);
    await update.getByRole('button', { name: 'Update campaign' }).click();
    await page.locator('#toast', { hasText: `now serves ${other.split('/').pop()}` }).waitFor();
    await main().locator('dl.facts a', { hasText: other.split('/').pop() }).waitFor();

    await go('#/campaigns/catalog-sims');
    await tryIt.getByLabel('Item ID').fill('i42');
    await tryIt.getByLabel('Item ID').press('Enter');
    await tryIt.locator('.results-table tbody tr').nth(4).waitFor();
    assert.ok((await tryIt.locator('.results-table .item-title').allTextContents()).every((t) => /^The /.test(t)));
    await shot('12-scale-related-items', [tryIt.getByLabel('Item ID'), tryIt.locator('.results-table tbody tr').nth(2)]);
  });

  it('signs out, and sends a page with an unknown token back to the sign-in form', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in to the edgerec console').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('edgerec.console.session')), null);
    await page.evaluate(() => sessionStorage.setItem('edgerec.console.session',
      JSON.stringify({ token: 'not-a-session', accessKeyId: 'EDGEX', expiresAt: Date.now() / 1000 + 3600 })));
    await go('#/groups/shop');
    await heading('Sign in to the edgerec console').waitFor();
    assert.match(await main().textContent(), /Sign in again/);
    assert.deepEqual(pageErrors, [], 'no page errors or CSP violations');
  });
});
