import { describe, expect, it } from 'vitest';
import { INTERACTION_MEMORY_MS, interactionHandled, recordInteraction } from '../../src/core/interactions.js';
import { useTestDesk } from '../support/desk.js';

const t = useTestDesk();

describe('handled Slack interactions', () => {
  it('are recorded once, and forgotten after a week', async () => {
    const db = t.db;
    expect(await recordInteraction(db, 'V0FORM0001', t.clock.now())).toBe(true);
    expect(await recordInteraction(db, 'V0FORM0001', t.clock.now())).toBe(false);
    t.clock.advance(INTERACTION_MEMORY_MS - 1000);
    expect(await recordInteraction(db, 'V0FORM0002', t.clock.now())).toBe(true);
    t.clock.advance(2000);
    expect(await t.desk.forgetOldInteractions()).toBe(1);
    expect(await interactionHandled(db, 'V0FORM0001')).toBe(false);
    expect(await interactionHandled(db, 'V0FORM0002')).toBe(true);
  });
});
