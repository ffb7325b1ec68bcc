import { describe, expect, it } from 'vitest';
import { trustedExternalUrl } from '../../src-main/electron/trusted-url';

describe('trustedExternalUrl', () => {
  it.each([
    ['https://github.com/some/repo', 'https://github.com/some/repo'],
    ['http://iot-bridge:8080/health', 'http://iot-bridge:8080/health'],
    ['HTTPS://Example.COM/a?b=c#d', 'https://example.com/a?b=c#d'],
  ])('opens the plain web link %s as %s', (raw, expected) => {
    expect(trustedExternalUrl(raw)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'file://server/share/evil.exe',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'smb://attacker.example/share',
    'ms-msdt:/id PCWDiagnostic /skip force',
    'search-ms:query=calc',
    'mailto:someone@example.com',
    'chrome://settings',
    'about:blank',
    'https://bank.example@evil.example/',
    'https://user:pass@example.com/',
    'https:// example.com',
    'https://example.com/ foo',
    'https://example.com/\nfile:///etc/passwd',
    'https://example.com/\u0000',
    '\thttps://example.com',
    '//example.com/no-scheme',
    'example.com',
    'http:',
    'https://',
    '',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %j', (raw) => {
    expect(trustedExternalUrl(raw)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ['https://example.com']])('refuses the non-string %j', (raw) => {
    expect(trustedExternalUrl(raw)).toBeNull();
  });
});
