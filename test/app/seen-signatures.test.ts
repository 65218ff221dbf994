import { describe, expect, it } from 'vitest';
import { SeenSignatures } from '../../src/seen-signatures.js';

describe('SeenSignatures', () => {
  it('knows a (timestamp, signature) pair again until its timestamp is older than the window', () => {
    const seen = new SeenSignatures(300);
    expect(seen.firstTime(1000, 'v0=a', 1000)).toBe(true);
    expect(seen.firstTime(1000, 'v0=a', 1200)).toBe(false);
    expect(seen.firstTime(1001, 'v0=a', 1200)).toBe(true);
    expect(seen.firstTime(1000, 'v0=b', 1200)).toBe(true);
    expect(seen.size).toBe(3);
  });

  it('forgets pairs whose timestamp has gone stale, so it holds only the last minutes of requests', () => {
    const seen = new SeenSignatures(300);
    for (let i = 0; i < 100; i++) seen.firstTime(1000 + i, `v0=${i}`, 1000 + i);
    expect(seen.firstTime(2000, 'v0=new', 2000)).toBe(true);
    expect(seen.size).toBe(1);
  });
});
