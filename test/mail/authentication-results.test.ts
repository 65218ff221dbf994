import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseQueuesConfig } from '../../src/config/queues-file.js';
import { senderVerdict } from '../../src/mail/authentication-results.js';

const OURS = ['mx.ateneo.example'];

describe('the sender verdict from Authentication-Results', () => {
  it('passes on DMARC pass, or DKIM / SPF pass aligned with the From domain', () => {
    const from = 'sofia.gallo@studenti.ateneo.example';
    expect(
      senderVerdict(['mx.ateneo.example; dmarc=pass header.from=studenti.ateneo.example'], from, OURS),
    ).toBe('pass');
    expect(senderVerdict(['mx.ateneo.example; dkim=pass header.d=ateneo.example'], from, OURS)).toBe('pass');
    expect(
      senderVerdict(
        [
          'mx.ateneo.example 1; spf=pass (sender IP is 10.1.1.1) smtp.mailfrom=sofia.gallo@studenti.ateneo.example',
        ],
        from,
        OURS,
      ),
    ).toBe('pass');
  });

  it('fails when our server checked and nothing aligned passed', () => {
    const from = 'sofia.gallo@studenti.ateneo.example';
    expect(
      senderVerdict(['mx.ateneo.example; dmarc=fail header.from=studenti.ateneo.example'], from, OURS),
    ).toBe('fail');
    // A DKIM signature of the attacker's own domain says nothing about the From.
    expect(
      senderVerdict(
        ['mx.ateneo.example; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=x@evil.example'],
        from,
        OURS,
      ),
    ).toBe('fail');
    expect(senderVerdict(['mx.ateneo.example; none'], from, OURS)).toBe('fail');
  });

  it('believes only the topmost header of a trusted server; others count as no results', () => {
    const from = 'a@ateneo.example';
    const forgedByAnyone = 'mx.elsewhere.example; dmarc=pass header.from=ateneo.example';
    expect(senderVerdict([forgedByAnyone], from, OURS)).toBe('none');
    expect(senderVerdict([], from, OURS)).toBe('none');
    expect(
      senderVerdict(
        [
          'MX.Ateneo.Example; dmarc=fail header.from=ateneo.example',
          'mx.ateneo.example; dmarc=pass header.from=ateneo.example',
        ],
        from,
        OURS,
      ),
    ).toBe('fail');
  });

  it('reads comments and quoted values as RFC 8601 writes them, in linear time', () => {
    const from = 'a@ateneo.example';
    expect(
      senderVerdict(
        [
          'mx.ateneo.example (postfix; v=1); dkim=pass (2048-bit key; \\) unsigned) header.d="ateneo.example"',
        ],
        from,
        OURS,
      ),
    ).toBe('pass');
    const huge = `mx.ateneo.example; ${'('.repeat(500_000)}${'; dkim=pass'.repeat(50_000)}`;
    const started = performance.now();
    expect(senderVerdict([huge], from, OURS)).toBe('fail');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('mail_authentication in sportello.yml', () => {
  const QUEUES = 'queues:\n  - { key: helpdesk, name: Helpdesk }\n';

  it('is off unless configured', () => {
    expect(parseQueuesConfig(QUEUES, 'sportello.yml').mailAuthentication).toEqual({ trustedAuthservIds: [] });
  });

  it('names the trusted authserv-ids, and refuses what cannot be one', () => {
    const config = parseQueuesConfig(
      `${QUEUES}mail_authentication:\n  trusted_authserv_ids: [mx.ateneo.example]\n`,
      'sportello.yml',
    );
    expect(config.mailAuthentication.trustedAuthservIds).toEqual(['mx.ateneo.example']);
    expect(() =>
      parseQueuesConfig(
        `${QUEUES}mail_authentication:\n  trusted_authserv_ids: ["mx; dmarc=pass"]\n`,
        'sportello.yml',
      ),
    ).toThrow(ConfigError);
  });

  it('the commented example in the shipped sportello.yml parses once uncommented', () => {
    const text = readFileSync(new URL('../../sportello.yml', import.meta.url), 'utf8');
    const uncommented = text
      .replace('# mail_authentication:', 'mail_authentication:')
      .replace('#   trusted_authserv_ids:', '  trusted_authserv_ids:');
    const config = parseQueuesConfig(uncommented, 'sportello.yml');
    expect(config.mailAuthentication.trustedAuthservIds).toEqual(['mx.ateneo.example']);
  });
});
