import { describe, expect, it } from 'vitest';
import { ConfigError, parseQueuesConfig } from '../../src/config/queues-file.js';

const queueWith = (fields: string) => `
agents:
  - { slack_user_id: U0MROSSI01, name: Maria Rossi }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    operators: [U0MROSSI01]
    fields:
${fields}`;

function problemsOf(text: string): string[] {
  try {
    parseQueuesConfig(text, 'sportello.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('queue fields in sportello.yml', () => {
  it('reads every type, labels in one or both languages, options as text or value and label', () => {
    const config = parseQueuesConfig(
      queueWith(`      - { key: building, label: { it: Edificio, en: Building }, type: select, required: true, options: [A, { value: b, label: { it: Edificio B, en: Building B } }] }
      - { key: matricola, label: Matricola, type: text }
      - { key: notes, label: Note, type: multiline, internal: true }
      - { key: seats, label: Posti, type: number }
      - { key: since, label: Dal, type: date }
      - { key: devices, label: Dispositivi, type: multi_select, options: [laptop, phone] }
      - { key: contact, label: Referente, type: user }
`),
      'sportello.yml',
    );
    const [queue] = config.queues;
    expect(queue?.fields.map((f) => [f.key, f.type, f.required, f.internal])).toEqual([
      ['building', 'select', true, false],
      ['matricola', 'text', false, false],
      ['notes', 'multiline', false, true],
      ['seats', 'number', false, false],
      ['since', 'date', false, false],
      ['devices', 'multi_select', false, false],
      ['contact', 'user', false, false],
    ]);
    expect(queue?.fields[0]?.options).toEqual([
      { value: 'A', label: { it: 'A', en: 'A' } },
      { value: 'b', label: { it: 'Edificio B', en: 'Building B' } },
    ]);
    expect(queue?.fields[1]?.label).toEqual({ it: 'Matricola', en: 'Matricola' });
  });

  it('names the place of each problem', () => {
    expect(
      problemsOf(
        queueWith(`      - { key: building, label: Edificio, type: select }
      - { key: room, label: Aula, type: text, options: [a] }
      - { key: Room!, label: Aula, type: txt }
      - { key: tag, label: Etichetta, type: text }
      - { key: devices, label: { it: Dispositivi }, type: multi_select, options: [a, a] }
`),
      ),
    ).toEqual([
      'sportello.yml: queues[0].fields[0].options: a select field needs options',
      'sportello.yml: queues[0].fields[1].options: only select and multi_select fields have options (this one is text)',
      'sportello.yml: queues[0].fields[2].key: field key must be lower-case letters, digits, "-" or "_", starting with a letter or digit',
      'sportello.yml: queues[0].fields[2].type: must be one of text, multiline, number, date, select, multi_select, user (got "txt")',
      'sportello.yml: queues[0].fields[3].key: is reserved for search (tag); choose another key',
      'sportello.yml: queues[0].fields[4].label: expected a text, or a mapping with it: and en:',
    ]);
    expect(
      problemsOf(
        queueWith(`      - { key: room, label: Aula, type: text }
      - { key: room, label: Stanza, type: text }
      - { key: devices, label: Dispositivi, type: multi_select, options: [a, b, a] }
`),
      ),
    ).toEqual([
      'sportello.yml: queues[0].fields[1].key: duplicate field key "room" (already used by queues[0].fields[0])',
      'sportello.yml: queues[0].fields[2].options[2]: duplicate option "a" (already options[0])',
    ]);
  });
});
