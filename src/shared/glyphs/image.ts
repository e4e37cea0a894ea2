/** What kind of image some bytes are, read from the bytes themselves (never from a server's header). */

/** Largest glyph, built in or added by CID. */
export const MAX_GLYPH_BYTES = 256 * 1024;

/** The image types a glyph may be. */
export type GlyphType = 'image/svg+xml' | 'image/png' | 'image/webp' | 'image/gif' | 'image/jpeg';

/**
 * Why an SVG is not inert, as a code: `script` (a script or foreign content), `event-handler`,
 * `animated-link` (an animation that sets a link), `outside-link` (a reference outside the file).
 */
export type SvgProblem = 'script' | 'event-handler' | 'animated-link' | 'outside-link';

/**
 * Why an SVG is not inert, or null when it is. Glyphs are only ever shown as images, where
 * scripts do not run; but an SVG opened on its own (a blob URL in a new tab) is a document, so
 * neither the pack nor a glyph added by CID may carry scripts, handlers, foreign content or
 * references outside the file.
 */
export function svgProblemCode(text: string): SvgProblem | null {
  if (/<script\b|<foreignObject\b/i.test(text)) return 'script';
  if (/\son[a-z]+\s*=/i.test(text)) return 'event-handler';
  if (/<(set|animate)\b[^>]*attributeName\s*=\s*["']?(xlink:)?href/i.test(text)) return 'animated-link';
  // Only in-file references (#id), in href and in CSS url().
  if (/href\s*=\s*(?!["']?#)|url\(\s*(?!["']?#)|@import/i.test(text)) return 'outside-link';
  return null;
}

/**
 * Why an SVG is not inert, for the pack builder's messages to developers (build time), or null when
 * it is; derived from the code (a person reads the page's own words for it, src/ui/messages/glyphs.ts).
 */
export function svgProblem(text: string): string | null {
  const code = svgProblemCode(text);
  return code && `not an inert SVG (${code}): ${code.replaceAll('-', ' ')}s are not allowed`;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/** SVG text from its root element on: a BOM, an XML declaration, comments and a doctype skipped. */
const svgFrom = (text: string) =>
  text.replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*/i, '');

/** The image type of the bytes, or null when they are no image this app shows. */
export function sniffImageType(bytes: Uint8Array): GlyphType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return /^<svg[\s>]/.test(svgFrom(new TextDecoder().decode(bytes.subarray(0, 1024)))) ? 'image/svg+xml' : null;
}

/**
 * What an SVG says of itself on its root element: the words of its `data-tags`, and its
 * `data-sound` as the tag `sound-<name>` (how a glyph names its soundscape, src/audio/soundscape.ts).
 * Empty for what is not an SVG.
 */
export function svgRootTags(bytes: Uint8Array): string[] {
  const root = /^<svg(?=[\s/>])[^>]*/.exec(svgFrom(new TextDecoder().decode(bytes)))?.[0];
  if (!root) return [];
  const attribute = (name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
      .exec(root)
      ?.slice(1)
      .find((v) => v !== undefined);
  const tags = attribute('data-tags')?.split(/\s+/).filter(Boolean) ?? [];
  const sound = attribute('data-sound')?.trim().toLowerCase();
  return sound ? [`sound-${sound}`, ...tags] : tags;
}
