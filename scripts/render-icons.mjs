// Renders the app icons (assets/icons/*.svg) to the PNG sizes the web manifest lists, with the
// same headless Chromium the tests use. Run after changing an SVG: node scripts/render-icons.mjs
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '../tests/e2e/node_modules/playwright-core/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/harness/browser.mjs';

const dir = new URL('../assets/icons/', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const name of ['icon', 'icon-maskable']) {
    const svg = await readFile(join(dir, `${name}.svg`), 'utf8');
    for (const size of [192, 512]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(`<style>*{margin:0}</style><img src="${src}" width="${size}" height="${size}">`);
      await page.screenshot({ path: join(dir, `${name}-${size}.png`), omitBackground: true });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
