import { describe, expect, it } from 'vitest';
import { sniffImageType, svgProblem, svgProblemCode, svgRootTags } from './image.ts';

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
    expect(svgProblemCode('<svg><mask id="m"/><use href="#a"/><use xlink:href="#b"/><circle mask="url(#m)"/></svg>')).toBeNull();
    expect(svgProblem('<svg><circle r="1"/></svg>')).toBeNull();
  });

  it('refuses scripts, handlers, foreign content and references outside the file', () => {
    expect(svgProblemCode('<svg><script>alert(1)</script></svg>')).toBe('script');
    expect(svgProblemCode('<svg><foreignObject><div/></foreignObject></svg>')).toBe('script');
    expect(svgProblemCode('<svg onload="x()"/>')).toBe('event-handler');
    expect(svgProblemCode('<svg><image href="https://x.example/a.png"/></svg>')).toBe('outside-link');
    expect(svgProblemCode("<svg><a xlink:href='javascript:x()'/></svg>")).toBe('outside-link');
    expect(svgProblemCode('<svg><rect style="fill: url(https://x.example/p)"/></svg>')).toBe('outside-link');
    expect(svgProblemCode('<svg><style>@import "x.css";</style></svg>')).toBe('outside-link');
    expect(svgProblemCode('<svg><a><set attributeName="href" to="javascript:x()"/></a></svg>')).toBe('animated-link');
  });

  it('tells the pack builder the problem by its code, in a developer phrase made from it', () => {
    expect(svgProblem('<svg onload="x()"/>')).toBe('not an inert SVG (event-handler): event handlers are not allowed');
    expect(svgProblem('<svg><script>alert(1)</script></svg>')).toBe('not an inert SVG (script): scripts are not allowed');
  });
});

describe('what an SVG says of itself', () => {
  it("reads the root's data-tags and its data-sound as a sound tag, after a prolog, in either quotes", () => {
    expect(svgRootTags(bytes('<svg viewBox="0 0 1 1" data-tags="calm  slow"><title>A</title></svg>'))).toEqual(['calm', 'slow']);
    expect(svgRootTags(bytes('<svg data-sound="ocean" data-tags="calm"/>'))).toEqual(['sound-ocean', 'calm']);
    expect(svgRootTags(bytes("<?xml version='1.0'?>\n<!-- mine --><svg data-sound = ' Wind '>"))).toEqual(['sound-wind']);
  });

  it('reads nothing from a child element, another attribute or what is not an SVG', () => {
    expect(svgRootTags(bytes('<svg><g data-sound="ocean" data-tags="calm"/></svg>'))).toEqual([]);
    expect(svgRootTags(bytes('<svg x-data-sound="ocean"/>'))).toEqual([]);
    expect(svgRootTags(bytes('<html data-sound="ocean"><svg/></html>'))).toEqual([]);
    expect(svgRootTags(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toEqual([]);
  });
});
