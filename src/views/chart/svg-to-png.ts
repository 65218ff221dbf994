/**
 * SVG → PNG with resvg. The fonts come from an npm package, never from the machine, so a chart looks the same
 * (and has the same bytes) on every machine, and Italian accents are drawn.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';

/** The family that SVG documents rendered here name in `font-family`. */
export const FONT_FAMILY = 'DejaVu Sans';

const fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** Renders `svg` at its own size; off the event loop (resvg's thread pool), so Slack's requests are not held up. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  return image.asPng();
}
