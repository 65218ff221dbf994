import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../../src/core/errors.js';
import { en } from '../../src/i18n/en.js';
import { catalogue, interpolate, LOCALES, localeOf, placeholders, translator } from '../../src/i18n/index.js';
import { it as italian } from '../../src/i18n/it.js';
import { buildRefusal } from '../../src/views/messages/refusal.js';
import { sampleRefusal } from '../support/refusal-samples.js';

describe('the catalogues', () => {
  it('have the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(italian).sort()).toEqual(Object.keys(en).sort());
    for (const [key, template] of Object.entries(en)) {
      const other = italian[key as keyof typeof en];
      expect(placeholders(other).sort(), key).toEqual(placeholders(template).sort());
    }
  });

  it('keep modal titles and buttons within Slack’s 24 characters', () => {
    for (const locale of ['it', 'en'] as const) {
      for (const [key, text] of Object.entries(catalogue(locale))) {
        if (/^modal\.(.+\.(title|submit)|cancel|done)$/.test(key))
          expect(text.length, `${locale} ${key}`).toBeLessThanOrEqual(24);
        if (key.startsWith('button.') || key.startsWith('more.'))
          expect(text.length, key).toBeLessThanOrEqual(75);
        expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('name states and priorities as the help desk does', () => {
    const t = translator('it');
    expect(t('state.new')).toBe('nuovo');
    expect(t('state.open')).toBe('aperto');
    expect(t('state.pending_reminder')).toBe('in attesa (promemoria)');
    expect(t('state.pending_auto_close_successful')).toBe('in attesa (chiusura automatica con successo)');
    expect(t('state.pending_auto_close_unsuccessful')).toBe('in attesa (chiusura automatica senza successo)');
    expect(t('state.closed_successful')).toBe('chiuso con successo');
    expect(t('state.closed_unsuccessful')).toBe('chiuso senza successo');
    expect(t('state.merged')).toBe('unito');
    expect([1, 2, 3, 4, 5].map((n) => t(`priority.${n}` as 'priority.1'))).toEqual([
      'molto bassa',
      'bassa',
      'normale',
      'alta',
      'molto alta',
    ]);
    expect(translator('en')('priority.5')).toBe('very high');
    expect(t('button.claim')).toBe('Prendi in carico');
    expect(t('button.escalate')).toBe('Inoltra al 2° livello');
  });
});

describe('refusals', () => {
  it('have a sentence for every code in both languages, never the internal error nor a bare placeholder', () => {
    const apology = LOCALES.map(
      (locale) => buildRefusal({ locale, refusal: sampleRefusal('internal_error') }).plain,
    );
    for (const code of REFUSAL_CODES) {
      const keys = Object.keys(en).filter(
        (key) => key === `refusal.${code}` || key.startsWith(`refusal.${code}.`),
      );
      expect(keys, code).not.toEqual([]);
      for (const key of keys) expect(Object.hasOwn(italian, key), key).toBe(true);
      for (const locale of LOCALES) {
        const words = buildRefusal({ locale, refusal: sampleRefusal(code) }).plain;
        expect(words, `${locale} ${code}`).not.toMatch(/\{\w+\}/);
        if (code !== 'internal_error') expect(apology, `${locale} ${code}`).not.toContain(words);
      }
    }
  });
});

describe('translator', () => {
  it('fills {name} placeholders once and leaves unknown ones visible', () => {
    expect(translator('it')('refusal.already_claimed', { ticketNumber: '1', owner: 'Luca' })).toBe(
      'Il Ticket#1 è già preso in carico da Luca.',
    );
    expect(interpolate('{a} and {b}', { a: '{b}' })).toBe('{b} and {b}');
    expect(interpolate('{a} {missing}', { a: 1 })).toBe('1 {missing}');
  });
});

describe('localeOf', () => {
  it('maps stored languages and Slack locales to ours, with a fallback', () => {
    expect(localeOf('it', 'en')).toBe('it');
    expect(localeOf('EN', 'it')).toBe('en');
    expect(localeOf(null, 'en')).toBe('en');
    expect(localeOf('it-IT', 'en')).toBe('it');
    expect(localeOf('en-US', 'it')).toBe('en');
    expect(localeOf('en-GB', 'it')).toBe('en');
    expect(localeOf('fr-FR', 'it')).toBe('it');
    expect(localeOf('fr-FR', 'en')).toBe('en');
    expect(localeOf(undefined, 'it')).toBe('it');
    expect(localeOf('', 'en')).toBe('en');
  });
});
