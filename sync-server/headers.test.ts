import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './headers.ts';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const));

describe('the content security policy', () => {
  it('lets media play only from the app and from blobs the page makes (the silent element of the OS media controls)', () => {
    expect(directives(contentSecurityPolicy()).get('media-src')).toEqual(["'self'", 'blob:']);
  });
  it('keeps scripts to the app, and adds gateways only to what the page may fetch', () => {
    const csp = directives(contentSecurityPolicy(['https://gw.example/ipfs/']));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://gw.example']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });
});
