// sceneFrames ends gl-plot3d's endless frame loop once a scene is drawn, draws frames after input and updates only, and never keeps plotly from disposing a scene.
import { describe, expect, it } from 'vitest';
import {
  SETTLE_FRAMES,
  sceneFrames,
  scenesOf,
  type FrameClock,
  type SceneFrames,
} from '../../../../renderer/src/composables/sceneFrames';

/** Frames and time under the test's control: tick() runs the callbacks requested before it, 16 ms apart. */
function fakeClock() {
  let queue: (() => void)[] = [];
  const timers: { at: number; cb: () => void }[] = [];
  const clock = {
    t: 0,
    hiddenPage: false,
    request: (cb: () => void) => void queue.push(cb),
    timeout: (cb: () => void, ms: number) => void timers.push({ at: clock.t + ms, cb }),
    hidden: () => clock.hiddenPage,
    pending: () => queue.length,
    /** Time passes without a frame (a page whose frames are late): due timers fire. */
    elapse(ms: number): void {
      clock.t += ms;
      const due = timers.filter((x) => x.at <= clock.t);
      timers.splice(0, timers.length, ...timers.filter((x) => x.at > clock.t));
      for (const x of due) x.cb();
    },
    tick(): void {
      clock.elapse(16);
      const run = queue;
      queue = [];
      for (const cb of run) cb();
    },
    ticks(n: number): void {
      for (let i = 0; i < n; i++) clock.tick();
    },
  };
  return clock satisfies FrameClock & Record<string, unknown>;
}

/**
 * gl-plot3d's scene as far as it matters: a loop that checks the stop flag before it asks for the next frame, and a
 * camera that moves by one step per drawn frame while `easing` steps are left.
 */
function fakeScene(clock: ReturnType<typeof fakeClock>) {
  const g = {
    _stopped: false,
    contextLost: false,
    loopFrames: 0,
    draws: 0,
    easing: 0,
    camera: { matrix: [1, 0, 0, 0] },
    redraw(): void {
      if (g._stopped) return;
      g.draws++;
      if (g.easing > 0) {
        g.easing--;
        g.camera.matrix = [g.camera.matrix[0] + 1, 0, 0, 0];
      }
    },
  };
  const loop = (): void => {
    if (g._stopped || g.contextLost) return;
    g.loopFrames++;
    clock.request(loop);
  };
  loop();
  return g;
}

/** A drawn plotly div with one gl3d scene per entry. */
function plotDiv(scenes: object[]): HTMLElement {
  const el = new EventTarget() as unknown as HTMLElement & { _fullLayout: Record<string, unknown> };
  const full: Record<string, unknown> = { _subplots: { gl3d: scenes.map((_, i) => `scene${i || ''}`) } };
  scenes.forEach((g, i) => (full[`scene${i || ''}`] = { _scene: { glplot: g } }));
  el._fullLayout = full;
  return el;
}

/** A takeover that gets its frame: adopt, one display frame, done. */
async function takeOver(frames: SceneFrames, clock: ReturnType<typeof fakeClock>): Promise<void> {
  const adopted = frames.adopt();
  clock.tick();
  await adopted;
}

describe('sceneFrames', () => {
  it('finds the scenes of a 3-D figure and none of a 2-D one', () => {
    const clock = fakeClock();
    const a = fakeScene(clock);
    const b = fakeScene(clock);
    expect(scenesOf(plotDiv([a, b]))).toEqual([a, b]);
    const flat = new EventTarget() as unknown as HTMLElement & { _fullLayout: unknown };
    flat._fullLayout = { _subplots: { cartesian: ['xy'] } };
    expect(scenesOf(flat)).toEqual([]);
    expect(scenesOf(new EventTarget() as unknown as HTMLElement)).toEqual([]);
  });

  it('ends the own loop of a drawn scene, draws it after the takeover, then no frame at all', async () => {
    const clock = fakeClock();
    const g = fakeScene(clock);
    const frames = sceneFrames(plotDiv([g]), clock);
    clock.ticks(3);
    expect(g.loopFrames).toBe(4);
    await takeOver(frames, clock);
    // The loop saw the flag in that frame and asked for no other; the scene works again (redraw draws).
    expect(g.loopFrames).toBe(4);
    expect(g._stopped).toBe(false);
    clock.ticks(10);
    expect(g.draws).toBe(SETTLE_FRAMES);
    expect(clock.pending()).toBe(0);
    const drawn = g.draws;
    clock.ticks(100);
    expect(g.draws).toBe(drawn);
    expect(g.loopFrames).toBe(4);
  });

  it('draws on input (hover, drag, wheel) and after an update, while the camera eases, and stops after each', async () => {
    const clock = fakeClock();
    const g = fakeScene(clock);
    const el = plotDiv([g]);
    const frames = sceneFrames(el, clock);
    await takeOver(frames, clock);
    clock.ticks(100);
    for (const type of ['pointermove', 'pointerdown', 'wheel']) {
      let before = g.draws;
      el.dispatchEvent(new Event(type));
      clock.ticks(100);
      expect(g.draws - before).toBe(SETTLE_FRAMES);
      expect(clock.pending()).toBe(0);
      // A stream of input (a drag): a frame for every display frame it lasts.
      before = g.draws;
      for (let i = 0; i < 20; i++) {
        el.dispatchEvent(new Event(type));
        clock.tick();
      }
      clock.ticks(100);
      expect(g.draws - before).toBe(20 + SETTLE_FRAMES - 1);
    }
    // The camera eases for 7 frames after the last input: drawn until a frame finds it still.
    let before = g.draws;
    g.easing = 7;
    el.dispatchEvent(new Event('pointerup'));
    clock.ticks(100);
    expect(g.easing).toBe(0);
    expect(g.draws - before).toBe(7 + SETTLE_FRAMES - 1);
    before = g.draws;
    frames.wake();
    clock.ticks(100);
    expect(g.draws - before).toBe(SETTLE_FRAMES);
    frames.dispose();
    el.dispatchEvent(new Event('pointermove'));
    expect(clock.pending()).toBe(0);
  });

  it('gives the stop flag back when the plot is disposed during the takeover, so plotly can dispose the scene', () => {
    const clock = fakeClock();
    const g = fakeScene(clock);
    const frames = sceneFrames(plotDiv([g]), clock);
    void frames.adopt();
    expect(g._stopped).toBe(true);
    frames.dispose();
    expect(g._stopped).toBe(false);
    clock.tick();
    // The takeover's own frame comes after disposal and changes nothing.
    expect(g._stopped).toBe(false);
    expect(g.draws).toBe(0);
  });

  it('leaves the loop running in a page in the background, and when the stop frame never comes', async () => {
    const clock = fakeClock();
    const g = fakeScene(clock);
    const frames = sceneFrames(plotDiv([g]), clock);
    clock.hiddenPage = true;
    await frames.adopt();
    expect(g._stopped).toBe(false);
    clock.hiddenPage = false;
    // The frame is late: the wait ends first, the flag comes back before the loop's callback runs, the loop goes on.
    const adopted = frames.adopt();
    expect(g._stopped).toBe(true);
    clock.elapse(5000);
    await adopted;
    expect(g._stopped).toBe(false);
    const loops = g.loopFrames;
    clock.ticks(3);
    expect(g.loopFrames).toBeGreaterThan(loops);
  });

  it('skips scenes plotly disposed or replaced, and takes over a new one', async () => {
    const clock = fakeClock();
    const a = fakeScene(clock);
    const el = plotDiv([a]);
    const frames = sceneFrames(el, clock);
    await takeOver(frames, clock);
    clock.ticks(100);
    a._stopped = true; // plotly disposed it
    const b = fakeScene(clock);
    (el as unknown as { _fullLayout: Record<string, unknown> })._fullLayout.scene = { _scene: { glplot: b } };
    await takeOver(frames, clock);
    const drawsA = a.draws;
    clock.ticks(100);
    expect(a.draws).toBe(drawsA);
    expect(b.draws).toBeGreaterThan(0);
    expect(clock.pending()).toBe(0);
  });
});
