import { describe, expect, it } from 'vitest';
import { createChallenges, createMemoryReplayStore, solveProofOfWork as solved } from './challenges.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('proof-of-work challenges', () => {
  it('binds a solution to its shopper and one claim: it works for that claim, again on a retry, and nothing else', async () => {
    const challenges = createChallenges(SECRET, createMemoryReplayStore());
    const payload = await solved(await challenges.create('shp_a', 1000));
    expect(await challenges.verify('shp_b', payload, 'cmp_1\nkey-1')).toBe(false);
    expect(await challenges.verify('shp_a', payload, 'cmp_1\nkey-1')).toBe(true);
    expect(await challenges.verify('shp_a', payload, 'cmp_1\nkey-1')).toBe(true);
    expect(await challenges.verify('shp_a', payload, 'cmp_2\nkey-1')).toBe(false);
  });

  it('refuses a solution signed by another server, a wrong number and garbage', async () => {
    const ours = createChallenges(SECRET, createMemoryReplayStore());
    const theirs = createChallenges('another-secret-of-at-least-32-characters', createMemoryReplayStore());
    const foreign = await solved(await theirs.create('shp_a', 1000));
    expect(await ours.verify('shp_a', foreign, 'c')).toBe(false);

    const challenge = await ours.create('shp_a', 1000);
    const right = JSON.parse(Buffer.from(await solved(challenge), 'base64').toString('utf8')) as {
      number: number;
    };
    const wrong = Buffer.from(JSON.stringify({ ...challenge, number: right.number + 1, took: 1 })).toString(
      'base64',
    );
    expect(await ours.verify('shp_a', wrong, 'c')).toBe(false);
    expect(await ours.verify('shp_a', 'not base64 json', 'c')).toBe(false);
    expect(await ours.verify('shp_a', 'x'.repeat(5000), 'c')).toBe(false);
  });

  it('scales the work asked with the number given', async () => {
    const challenges = createChallenges(SECRET, createMemoryReplayStore());
    expect((await challenges.create('shp_a', 50_000)).maxnumber).toBe(50_000);
  });
});
