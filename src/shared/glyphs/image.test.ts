import { describe, expect, it } from 'vitest';
import { sniffImageType, svgProblem } from './image.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('image type from the bytes', () => {
  it('knows SVG (after a BOM, an XML declaration, comments, a doctype) and the raster formats', () => {
    expect(sniffImageType(bytes('\uFEFF<?xml version="1.0"?>\n<!-- x --><!DOCTYPE svg><svg viewBox="0 0 1 1"/>'))).toBe('image/svg+xml');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses what is not an image', () => {
    expect(sniffImageType(bytes('<html><svg></svg></html>'))).toBeNull();
    expect(sniffImageType(bytes('hello'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('inert SVG', () => {
  it('allows shapes, in-file references and masks', () => {
    expect(svgProblem('<svg><mask id="m"/><use href="#a"/><use xlink:href="#b"/><circle mask="url(#m)"/></svg>')).toBeNull();
  });

  it('refuses scripts, handlers, foreign content and references outside the file', () => {
    expect(svgProblem('<svg><script>alert(1)</script></svg>')).toMatch(/scripts/);
    expect(svgProblem('<svg><foreignObject><div/></foreignObject></svg>')).toMatch(/foreign/);
    expect(svgProblem('<svg onload="x()"/>')).toMatch(/event handlers/);
    expect(svgProblem('<svg><image href="https://x.example/a.png"/></svg>')).toMatch(/outside/);
    expect(svgProblem("<svg><a xlink:href='javascript:x()'/></svg>")).toMatch(/outside/);
    expect(svgProblem('<svg><rect style="fill: url(https://x.example/p)"/></svg>')).toMatch(/outside/);
    expect(svgProblem('<svg><style>@import "x.css";</style></svg>')).toMatch(/outside/);
    expect(svgProblem('<svg><a><set attributeName="href" to="javascript:x()"/></a></svg>')).toMatch(/animated links/);
  });
});
