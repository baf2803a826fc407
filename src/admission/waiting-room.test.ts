import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdmissionController } from './admission-controller.js';
import { loadAdmissionOptions } from './admission-options.js';
import { ClaimThroughput } from './claim-throughput.js';
import { WaitingRoom } from './waiting-room.js';
import { WaitingRooms } from './waiting-rooms.js';

describe('WaitingRoom', () => {
  it('admits in FIFO order at the admission rate and reports honest positions', () => {
    const room = new WaitingRoom('c1', { minAdmitRate: 10, maxAdmitRate: 10 });
    let now = 1_000;
    room.setMode('on', now);
    const places = Array.from({ length: 30 }, (_, index) => room.join(`s${index}`, now));
    expect(places.map((place) => place?.sequence)).toEqual(
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    const standing = (index: number) => room.check(index + 1, `s${index}`, now, now);
    expect(standing(29)).toMatchObject({
      ok: false,
      reason: 'required',
      standing: { position: 30, etaSeconds: 3 },
    });
    now += 1_000;
    const admitted = places.map((_, index) => room.check(index + 1, `s${index}`, 1_000, now).ok);
    expect(admitted.filter(Boolean).length).toBe(10);
    // Everyone admitted is ahead of everyone still waiting.
    expect(admitted.indexOf(false)).toBe(10);
    expect(admitted.lastIndexOf(true)).toBe(9);
    now += 2_000;
    expect(places.every((_, index) => room.check(index + 1, `s${index}`, 1_000, now).ok)).toBe(true);
  });

  it('keeps FIFO for any interleaving of joins and time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        const room = new WaitingRoom('c', { minAdmitRate: 7, maxAdmitRate: 7 });
        let now = 0;
        room.setMode('on', now);
        const joined: { sequence: number; issuedAt: number }[] = [];
        gaps.forEach((gap, index) => {
          now += gap;
          const place = room.join(`s${index}`, now);
          if (place !== undefined) joined.push(place);
        });
        const admitted = joined.map(
          (place, index) => room.check(place.sequence, `s${index}`, place.issuedAt, now).ok,
        );
        const firstWaiting = admitted.indexOf(false);
        if (firstWaiting >= 0) expect(admitted.slice(firstWaiting).every((ok) => !ok)).toBe(true);
      }),
    );
  });

  it('gives a shopper who joins twice the same place', () => {
    const room = new WaitingRoom('c1');
    room.setMode('on', 0);
    const first = room.join('alice', 0);
    room.join('bob', 10);
    expect(room.join('alice', 20)).toEqual(first);
  });

  it('engages by itself when claims are being shed, and releases once the crowd is gone', () => {
    const room = new WaitingRoom('c1', { minEngageRate: 20, releaseAfterMs: 5_000 });
    let now = 0;
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index < 100; index++) room.recordClaim(now + index, index >= 40);
      now += 1_000;
    }
    expect(room.engaged(now)).toBe(true);
    // Admits near the measured completion rate (40/s), not the arrival rate.
    expect(room.admitRate).toBeGreaterThan(10);
    expect(room.admitRate).toBeLessThan(60);
    for (let second = 0; second < 20; second++) {
      now += 1_000;
      room.engaged(now);
    }
    expect(room.engaged(now)).toBe(false);
  });

  it('a room a crowd creates engages at the rate the claim path completed in its first second', () => {
    const room = new WaitingRoom('c1', { minEngageRate: 20 });
    // First second of a flash crowd on a new campaign: 300 claims, 120 completed, 180 shed.
    for (let index = 0; index < 300; index++) room.recordClaim(index * 3, index % 5 >= 2);
    expect(room.engaged(1_000)).toBe(true);
    // Not a third of it (an unwarmed average), which left the queue draining far below capacity.
    expect(room.admitRate).toBeGreaterThanOrEqual(100);
    expect(room.admitRate).toBeLessThanOrEqual(130);
  });

  it("engages a new campaign's room at the claim rate this node recently completed for any campaign", () => {
    const rooms = new WaitingRooms({ minEngageRate: 20 });
    let now = 0;
    // An earlier campaign: 100 claims a second completed for five seconds, none shed.
    const earlier = rooms.get('earlier', now);
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index < 100; index++) earlier.recordClaim(now + index * 10, false);
      now += 1_000;
    }
    // A crowd hits a new campaign: in its first second 300 claims, only 10 completed.
    const crowded = rooms.get('crowded', now);
    for (let index = 0; index < 300; index++) crowded.recordClaim(now + index * 3, index % 30 !== 0);
    now += 1_000;
    expect(crowded.engaged(now)).toBe(true);
    // The room admits near what the claim path sustains (90% of 100/s), not 10/s.
    expect(crowded.admitRate).toBeGreaterThanOrEqual(85);
    expect(crowded.admitRate).toBeLessThanOrEqual(100);
  });

  it('does not engage under light traffic or when the merchant forced it off', () => {
    const light = new WaitingRoom('c1', { minEngageRate: 20 });
    const off = new WaitingRoom('c2', { minEngageRate: 20 });
    off.setMode('off', 0);
    let now = 0;
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index < 10; index++) light.recordClaim(now, index > 2);
      for (let index = 0; index < 100; index++) off.recordClaim(now, index > 2);
      now += 1_000;
    }
    expect(light.engaged(now)).toBe(false);
    expect(off.engaged(now)).toBe(false);
  });

  it('engages when the node is saturated while claims arrive, even if they all still complete', () => {
    const node = new ClaimThroughput();
    const room = new WaitingRoom('c1', { minEngageRate: 20 }, node);
    let now = 0;
    const second = () => {
      for (let index = 0; index < 100; index++) room.recordClaim(now + index * 10, false, 3);
      now += 1_000;
    };
    // Every claim completes: without saturation the room stays open.
    second();
    node.utilization = 0.5;
    expect(room.engaged(now)).toBe(false);
    // The checkouts those claims lead to fill the event loop: the room engages.
    second();
    node.utilization = 0.97;
    expect(room.engaged(now)).toBe(true);
  });

  it('engaged in the first second of a crowd, starts from half of what the path completed', () => {
    const node = new ClaimThroughput();
    const room = new WaitingRoom('c1', { minEngageRate: 20 }, node);
    node.utilization = 0.97;
    // 400 claims complete in the first 400 ms of a crowd on a saturated node: all that arrived,
    // since the room was open. Not the minimum of 5 a second, from which probing up took 15 s;
    // not all 1,000 a second either, which let in a wave of checkouts.
    for (let index = 0; index < 400; index++) room.recordClaim(index, false, 3);
    expect(room.engaged(400)).toBe(true);
    expect(room.admitRate).toBeGreaterThan(400);
    expect(room.admitRate).toBeLessThan(600);
  });

  it('engaged on a node that sustained a rate before, starts from that rate', () => {
    const node = new ClaimThroughput();
    const room = new WaitingRoom('c1', { minEngageRate: 20 }, node);
    // Two seconds of 300 claims a second on this node (another campaign), then a crowd's burst of
    // 400 a second, half of which is less than what the node sustained.
    for (let index = 0; index < 600; index++) node.mark(Math.floor(index * (2000 / 600)));
    node.utilization = 0.97;
    for (let index = 0; index < 100; index++) room.recordClaim(2000 + index * 2.5, false, 3);
    expect(room.engaged(2250)).toBe(true);
    expect(room.admitRate).toBeGreaterThan(250);
    expect(room.admitRate).toBeLessThan(300);
  });

  /** Advances `seconds` in 50 ms steps; each step answers `perSecond / 20` claims as told. */
  const drive = (
    room: WaitingRoom,
    clock: { now: number },
    seconds: number,
    answers: { perSecond: number; latencyMs: number; shedShare?: number },
  ) => {
    for (let step = 0; step < seconds * 20; step++) {
      const count = Math.round(answers.perSecond / 20);
      for (let index = 0; index < count; index++) {
        const shed = index < count * (answers.shedShare ?? 0);
        room.recordClaim(clock.now, shed, shed ? undefined : answers.latencyMs);
      }
      clock.now += 50;
      room.engaged(clock.now);
    }
  };
  const crowdedRoom = (rate: number) => {
    const node = new ClaimThroughput();
    const room = new WaitingRoom('c1', { minAdmitRate: rate }, node);
    const clock = { now: 0 };
    room.setMode('on', clock.now);
    for (let index = 0; index < 100_000; index++) room.join(`s${index}`, clock.now);
    return { room, clock, node };
  };

  it('on a busy node, admits more only while the shoppers it admitted are claiming, and quickly', () => {
    const { room, clock, node } = crowdedRoom(100);
    node.utilization = 0.97;
    // Admitted shoppers have not claimed yet (they claim after their next poll): hold the rate.
    drive(room, clock, 5, { perSecond: 0, latencyMs: 0 });
    expect(room.admitRate).toBe(100);
    // Fast claims at 100 a second: it probes up, but to no more than a third above what completes.
    drive(room, clock, 10, { perSecond: 100, latencyMs: 5 });
    expect(room.admitRate).toBeGreaterThan(115);
    expect(room.admitRate).toBeLessThan(145);
    // Once they claim at 400 a second it follows them.
    drive(room, clock, 10, { perSecond: 400, latencyMs: 5 });
    expect(room.admitRate).toBeGreaterThan(400);
  });

  it('with room to spare on the node, admits up to twice what the node recently completed', () => {
    const { room, clock, node } = crowdedRoom(100);
    node.utilization = 0.5;
    drive(room, clock, 5, { perSecond: 0, latencyMs: 0 });
    expect(room.admitRate).toBe(100);
    drive(room, clock, 10, { perSecond: 100, latencyMs: 5 });
    expect(room.admitRate).toBeGreaterThan(190);
    expect(room.admitRate).toBeLessThanOrEqual(211);
  });

  it('backs off when admitted claims turn slow or are shed', () => {
    for (const trouble of ['slow', 'shed'] as const) {
      const { room, clock } = crowdedRoom(1);
      drive(room, clock, 12, { perSecond: 400, latencyMs: 5 });
      const before = room.admitRate;
      expect(before, trouble).toBeGreaterThan(400);
      drive(room, clock, 1, {
        perSecond: 400,
        latencyMs: trouble === 'slow' ? 60 : 5,
        shedShare: trouble === 'shed' ? 0.3 : 0,
      });
      expect(room.admitRate, trouble).toBeLessThan(before * 0.7);
    }
  });

  it('counts claims refused before it saw them as arrivals, not as shed admitted claims', () => {
    const { room, clock } = crowdedRoom(1);
    drive(room, clock, 12, { perSecond: 400, latencyMs: 5 });
    const before = room.admitRate;
    // The event loop's last line refuses 1,000 ticketless claims a second: no brake.
    for (let step = 0; step < 20; step++) {
      for (let index = 0; index < 50; index++) room.recordArrival(clock.now);
      drive(room, clock, 0.05, { perSecond: before, latencyMs: 5 });
    }
    expect(room.admitRate).toBeGreaterThanOrEqual(before);
  });

  it('admits more on a busy loop while its claims stay fast, and holds while the loop drowns', () => {
    const { room, clock, node } = crowdedRoom(1);
    node.utilization = 0.97;
    drive(room, clock, 12, { perSecond: 400, latencyMs: 5 });
    const before = room.admitRate;
    expect(before).toBeGreaterThan(400);
    // The admission sampler sets the node's loop readings; here the test does. A crowd's
    // refusals and browsing keep the loop busy on their own: no reason to stop admitting more.
    drive(room, clock, 2, { perSecond: before, latencyMs: 5 });
    expect(room.admitRate).toBeGreaterThan(before * 1.1);
    // Claims that take 100 ms on a loop 50 ms late are not slow: the loop explains the wait.
    node.loopDelayMs = 50;
    const busy = room.admitRate;
    drive(room, clock, 1, { perSecond: busy, latencyMs: 100 });
    expect(room.admitRate).toBeGreaterThan(busy);
    // A loop late by more than four times its limit admits no more (nor fewer while claims are fast).
    node.loopDelayMs = 200;
    const drowning = room.admitRate;
    drive(room, clock, 3, { perSecond: drowning, latencyMs: 5 });
    expect(room.admitRate).toBe(drowning);
  });

  it('engaged by a crowd before anything completed, starts from half of what arrives', () => {
    const node = new ClaimThroughput();
    const room = new WaitingRoom('c1', { minEngageRate: 20 }, node);
    // A cold node: the campaign opens and 300 claims arrive in its first 300 ms; the gate sheds them all.
    for (let index = 0; index < 300; index++) room.recordClaim(index, true);
    expect(room.engaged(300)).toBe(true);
    // Half of 1,000 a second, not the minimum of 5 a second.
    expect(room.admitRate).toBeGreaterThan(400);
    expect(room.admitRate).toBeLessThan(600);
  });

  it('backs off no lower than half the most claims it saw complete in a second', () => {
    const { room, clock } = crowdedRoom(1);
    drive(room, clock, 15, { perSecond: 600, latencyMs: 5 });
    expect(room.admitRate).toBeGreaterThan(600);
    // Then every claim is slow for ten seconds while 300 a second still complete: the rate settles
    // near half of the 600 a second it saw (that peak halves every 30 s), not near zero.
    drive(room, clock, 10, { perSecond: 300, latencyMs: 100 });
    expect(room.admitRate).toBeGreaterThanOrEqual(220);
    expect(room.admitRate).toBeLessThanOrEqual(320);
  });

  it('admits held claims as the claim path completes others, FIFO, ahead of the clock', () => {
    // One ticket a hundred seconds by the clock, and room for two claims in the claim path.
    const room = new WaitingRoom('c1', { minAdmitRate: 0.01, maxAdmitRate: 0.01, admitWindow: 2 });
    room.setMode('on', 0);
    const places = ['a', 'b', 'c', 'd', 'e'].map((shopper) => room.join(shopper, 0));
    const sequence = (index: number) => places[index]?.sequence ?? 0;
    const woken: number[] = [];
    // Nobody holds the first place (its shopper will come back later); the next four are held.
    for (const index of [1, 2, 3, 4]) room.whenAdmitted(sequence(index), () => woken.push(index));
    // The path takes two at once: the first two held claims, and the place before them with them.
    expect(woken).toEqual([1, 2]);
    expect(room.check(sequence(0), 'a', 0, 1).ok).toBe(true);
    expect(room.use(sequence(1), 'k1')).toBe(true);
    expect(room.use(sequence(2), 'k2')).toBe(true);
    // Each claim that leaves the path lets the next held one in, in order, long before the clock.
    room.finished(sequence(1), 10);
    expect(woken).toEqual([1, 2, 3]);
    room.finished(sequence(2), 20);
    expect(woken).toEqual([1, 2, 3, 4]);
    // A claim woken whose client left never reports back: after 5 s its room is given to others.
    const late = room.join('f', 30);
    room.use(sequence(3), 'k3');
    const laterWoken: string[] = [];
    room.whenAdmitted(late?.sequence ?? 0, () => laterWoken.push('f'));
    expect(laterWoken).toEqual([]);
    room.engaged(4000);
    expect(laterWoken).toEqual([]);
    room.engaged(6000);
    expect(laterWoken).toEqual(['f']);
  });

  it('wakes a held claim in the step that admits its ticket, without a timer', () => {
    const room = new WaitingRoom('c1', { minAdmitRate: 10, maxAdmitRate: 10, admitWindow: 0 });
    room.setMode('on', 0);
    const places = ['a', 'b', 'c'].map((shopper) => room.join(shopper, 0));
    const third = places[2]?.sequence ?? 0;
    const woken: string[] = [];
    room.whenAdmitted(third, () => woken.push('third'));
    const forget = room.whenAdmitted(third, () => woken.push('forgotten'));
    forget();
    // At 10 a second the third ticket is admitted 300 ms in; any request touching the room then
    // (here `engaged`) runs the admission step, and the wake-up with it.
    room.engaged(200);
    expect(woken).toEqual([]);
    room.engaged(300);
    expect(woken).toEqual(['third']);
    // Already admitted: at once.
    room.whenAdmitted(third, () => woken.push('late'));
    expect(woken).toEqual(['third', 'late']);
  });

  it('wakes held claims when the campaign runs out', () => {
    const room = new WaitingRoom('c1', { minAdmitRate: 1, maxAdmitRate: 1 });
    room.setMode('on', 0);
    for (let index = 0; index < 5; index++) room.join(`s${index}`, 0);
    let woken = 0;
    room.whenAdmitted(5, () => {
      woken += 1;
    });
    room.markExhausted();
    expect(woken).toBe(1);
  });

  it('after exhaustion every ticket answers exhausted, and memory is released', () => {
    const room = new WaitingRoom('c1');
    room.setMode('on', 0);
    const place = room.join('alice', 0);
    room.markExhausted();
    expect(room.check(place?.sequence ?? 0, 'alice', 0, 1)).toEqual({ ok: false, reason: 'exhausted' });
    expect(room.snapshot(1).queueLength).toBe(0);
  });

  it('bounds the queue', () => {
    const room = new WaitingRoom('c1', { maxQueueLength: 3 });
    room.setMode('on', 0);
    expect([1, 2, 3, 4].map((index) => room.join(`s${index}`, 0) === undefined)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('AdmissionController tickets', () => {
  const make = () => {
    const clock = { now: 1_000_000 };
    const controller = new AdmissionController({
      options: loadAdmissionOptions(
        {},
        { room: { minAdmitRate: 100, admittedTtlMs: 60_000, ticketTtlMs: 600_000 } },
      ),
      secret: 'test-secret-that-is-long-enough-for-hmac',
      now: () => clock.now,
    });
    controller.setRoomMode('c1', 'on');
    controller.setRoomMode('c2', 'on');
    return { controller, clock };
  };
  const admittedTicket = (controller: AdmissionController, clock: { now: number }, shopper = 'alice') => {
    const answer = controller.joinQueue('c1', shopper);
    if ('refusal' in answer) throw new Error(answer.refusal);
    clock.now += 1_000;
    return answer.ticket;
  };

  it('refuses forged, foreign, wrong-campaign, reused and expired tickets', () => {
    const { controller, clock } = make();
    const ticket = admittedTicket(controller, clock);
    expect(controller.pollQueue('c1', 'alice', ticket)).toMatchObject({ standing: { admitted: true } });

    const forged = `${ticket.slice(0, -1)}${ticket.endsWith('A') ? 'B' : 'A'}`;
    expect(controller.admitClaim('c1', 'alice', forged, 'k1')).toEqual({ ok: false, refusal: 'forged' });
    expect(controller.admitClaim('c1', 'mallory', ticket, 'k1')).toEqual({ ok: false, refusal: 'forged' });
    expect(controller.admitClaim('c2', 'alice', ticket, 'k1')).toEqual({ ok: false, refusal: 'forged' });
    // A later place, signed by someone without the key.
    const moved = ticket.replace(/^q1\.([^.]+)\.1\./, 'q1.$1.2.');
    expect(controller.admitClaim('c1', 'alice', moved, 'k1')).toEqual({ ok: false, refusal: 'forged' });

    expect(controller.admitClaim('c1', 'alice', ticket, 'k1')).toMatchObject({ ok: true });
    expect(controller.admitClaim('c1', 'alice', ticket, 'k1')).toMatchObject({ ok: true });
    expect(controller.admitClaim('c1', 'alice', ticket, 'k2')).toEqual({ ok: false, refusal: 'used' });

    const late = admittedTicket(controller, clock, 'bob');
    clock.now += 61_000;
    expect(controller.admitClaim('c1', 'bob', late, 'k3')).toEqual({ ok: false, refusal: 'expired' });
  });

  it('tells a ticket it issued from a made-up one without the shopper or the key', () => {
    const { controller, clock } = make();
    const ticket = admittedTicket(controller, clock);
    expect(controller.isIssuedTicket('c1', ticket)).toBe(true);
    const mac = ticket.split('.')[4] ?? '';
    const altered = ticket.replace(`.${mac}`, `.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`);
    const moved = ticket.replace(/^q1\.([^.]+)\.1\./, 'q1.$1.2.');
    for (const made of [altered, moved, 'q1.x.1.1.AAAAAAAA', 'q1...', '', 'x'.repeat(200), `${ticket}.`]) {
      expect(controller.isIssuedTicket('c1', made), made).toBe(false);
    }
    expect(controller.isIssuedTicket('c2', ticket)).toBe(false);
  });

  it('gives a ticket back when its claim was shed, so the shopper can retry with another key', () => {
    const { controller, clock } = make();
    const ticket = admittedTicket(controller, clock);
    const verdict = controller.admitClaim('c1', 'alice', ticket, 'k1');
    if (!verdict.ok || verdict.sequence === undefined) throw new Error('not admitted');
    controller.returnTicket('c1', verdict.sequence, 'k1');
    expect(controller.admitClaim('c1', 'alice', ticket, 'k2')).toMatchObject({ ok: true });
  });

  it('makes a not-yet-admitted ticket wait (required) and tells its position', () => {
    const { controller } = make();
    for (let index = 0; index < 5; index++) controller.joinQueue('c1', `s${index}`);
    const answer = controller.joinQueue('c1', 'last');
    if ('refusal' in answer) throw new Error(answer.refusal);
    expect(answer.standing).toMatchObject({ admitted: false, position: 6 });
    expect(controller.admitClaim('c1', 'last', answer.ticket, 'k')).toMatchObject({
      ok: false,
      refusal: 'required',
      standing: { position: 6 },
    });
  });

  it('lets claims through without a ticket while the room is idle', () => {
    const { controller } = make();
    controller.setRoomMode('c1', 'off');
    expect(controller.admitClaim('c1', 'alice', undefined, 'k')).toEqual({ ok: true });
    expect(controller.admitClaim('unknown', 'alice', undefined, 'k')).toEqual({ ok: true });
  });
});
