// Idle cleanup (SPEC §11.4) and the gate every rendering passes: memory is released only after
// a quiet spell, never while a rendering runs, and renderings that arrive meanwhile wait.
import { describe, expect, test } from 'bun:test';
import { IdleCleanup, type IdleCleanupOptions } from '../../src/processor/idle-cleanup.ts';
import { RenderGate } from '../../src/processor/render-gate.ts';

describe('RenderGate', () => {
  test('counts renderings and remembers when the last one started', async () => {
    const gate = new RenderGate();
    const leave = await gate.enter();
    expect(gate.active).toBe(1);
    expect(gate.idleMs).toBe(0);
    leave();
    leave();
    expect(gate.active).toBe(0);
    expect(gate.started).toBe(1);
    await Bun.sleep(20);
    expect(gate.idleMs).toBeGreaterThanOrEqual(15);
  });

  test('closing waits for running renderings; new ones wait for the task', async () => {
    const gate = new RenderGate();
    const events: string[] = [];
    const leaveFirst = await gate.enter();

    const closed = gate.whileClosed(() => { events.push('task'); });
    const second = gate.enter().then((leave) => { events.push('second entered'); leave(); });
    await Bun.sleep(20);
    expect(events).toEqual([]);

    events.push('first left');
    leaveFirst();
    await Promise.all([closed, second]);
    expect(events).toEqual(['first left', 'task', 'second entered']);
    expect(gate.active).toBe(0);
  });
});

function cleanup(gate: RenderGate, overrides: Partial<IdleCleanupOptions> = {}) {
  const calls = { release: 0, freed: [] as number[] };
  let resident = 1000;
  const instance = new IdleCleanup({
    gate,
    idleTimeoutMs: 40,
    confirmMs: 10,
    aggressiveGC: false,
    release: () => { calls.release++; },
    // Each release "frees" 100 bytes: resident memory is read before and after.
    residentBytes: () => (resident -= 50),
    onFreed: (bytes) => calls.freed.push(bytes),
    ...overrides,
  });
  return { instance, calls };
}

describe('IdleCleanup', () => {
  test('nothing happens before the idle time has passed', async () => {
    const gate = new RenderGate();
    const { instance, calls } = cleanup(gate);
    expect(await instance.check()).toBe(false);
    expect(calls.release).toBe(0);
  });

  test('after a quiet spell memory is released once, and again only after new work', async () => {
    const gate = new RenderGate();
    const { instance, calls } = cleanup(gate);
    await Bun.sleep(50);
    expect(await instance.check()).toBe(true);
    expect(calls.release).toBe(1);
    expect(calls.freed).toEqual([50]);

    expect(await instance.check()).toBe(false);
    expect(calls.release).toBe(1);

    (await gate.enter())();
    await Bun.sleep(50);
    expect(await instance.check()).toBe(true);
    expect(calls.release).toBe(2);
  });

  test('a rendering during the second look calls the cleanup off', async () => {
    const gate = new RenderGate();
    const { instance, calls } = cleanup(gate, { confirmMs: 40 });
    await Bun.sleep(50);
    const checking = instance.check();
    await Bun.sleep(5);
    const leave = await gate.enter();
    expect(await checking).toBe(false);
    leave();
    expect(calls.release).toBe(0);
  });

  test('no freed memory, no count; aggressiveGC still runs the release', async () => {
    const gate = new RenderGate();
    const { instance, calls } = cleanup(gate, { aggressiveGC: true, residentBytes: () => 500 });
    await Bun.sleep(50);
    expect(await instance.check()).toBe(true);
    expect(calls.release).toBe(1);
    expect(calls.freed).toEqual([]);
  });

  test('its own timer finds the quiet spell; stop ends a pending look at once', async () => {
    const gate = new RenderGate();
    const { instance, calls } = cleanup(gate, { checkEveryMs: 10 });
    instance.start();
    for (let i = 0; i < 100 && calls.release === 0; i++) await Bun.sleep(10);
    expect(calls.release).toBe(1);
    await instance.stop();

    const slow = cleanup(new RenderGate(), { idleTimeoutMs: 0, confirmMs: 60_000,
      checkEveryMs: 1 });
    slow.instance.start();
    await Bun.sleep(20);
    const stopping = slow.instance.stop();
    expect(await Promise.race([stopping.then(() => 'stopped'), Bun.sleep(1000).then(() => 'hung')]))
      .toBe('stopped');
    expect(slow.calls.release).toBe(0);
  });

  test('an idle time past what timers hold does not make them fire at once', async () => {
    // 200000 minutes: a third of it overflows a 32-bit millisecond timer.
    const { instance } = cleanup(new RenderGate(), { idleTimeoutMs: 200_000 * 60_000,
      checkEveryMs: undefined });
    let checks = 0;
    instance.check = async () => { checks++; return false; };
    instance.start();
    await Bun.sleep(50);
    await instance.stop();
    expect(checks).toBe(0);
  });
});
