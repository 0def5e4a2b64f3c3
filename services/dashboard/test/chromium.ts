/**
 * Debian's Chromium for the browser tests (never a downloaded browser). Missing, the tests are skipped with
 * the reason on a developer machine and fail under CI, which must install it.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  throw new Error(`Chromium not found at ${CHROMIUM}: CI must install it (apt-get install chromium)`);
}
if (!haveChromium) {
  console.warn(
    `browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

// NOTE: software WebGL (SwiftShader) for deck.gl and MapLibre on machines without a GPU; nothing reaches
// out to the network by itself.
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumOptions {
  /**
   * Composite on the GPU process too (still SwiftShader: no hardware), instead of `--disable-gpu`'s software
   * compositor, which reads every WebGL frame back into a bitmap and blocks the main thread until it is drawn
   * (`webgl: enabled_readback` in SystemInfo). The benchmarks use it; the tests keep the plainer setup.
   */
  gpuCompositing?: boolean;
}

export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  const args = options.gpuCompositing ? LAUNCH_ARGS.filter((a) => a !== '--disable-gpu') : LAUNCH_ARGS;
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** What Chrome says it draws with (CDP SystemInfo): WebGL's and the compositor's status and the renderer. */
export async function graphicsInfo(browser: Browser): Promise<string> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getInfo')) as {
    gpu: { featureStatus: Record<string, string>; auxAttributes?: { glRenderer?: string } };
  };
  await cdp.detach();
  const status = info.gpu.featureStatus;
  return `webgl ${status.webgl}, gpu_compositing ${status.gpu_compositing}, renderer ${info.gpu.auxAttributes?.glRenderer ?? 'unknown'}`;
}
