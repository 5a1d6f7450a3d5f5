// 3-D scenes draw frames only while something moves: gl-plot3d's endless requestAnimationFrame loop is stopped and frames are pumped on input and updates instead.
//
// plotly's gl3d scenes (gl-plot3d) run a requestAnimationFrame loop for as long as they exist. It draws only when
// something changed, but the loop itself, with its size check of the canvas's parent every frame, kept an idle
// 20 000-triangle map at ~0.09 CPU-s per second of Chromium (`npm run bench:results-map`, software WebGL; 0.010 once
// taken over): a map left open on a lab PC took a tenth of a core from the mapping beside it. The loop is private to
// gl-plot3d; its scene object (`_fullLayout.<scene>._scene.glplot`) has a stop flag that the loop checks before it
// schedules the next frame, and a public `redraw()`, which draws the whole scene. Here a frame is drawn after every
// input on the plot (hover picks, drags, wheel) and every update, and more only while the camera still moves (it eases
// towards where a drag or a linked view sent it): one or two frames per event instead of a loop at the display's rate.

/** The part of gl-plot3d's scene object used here. */
export interface GlScene {
  _stopped: boolean;
  contextLost: boolean;
  redraw(): void;
  /** plotly's camera: its view matrix is updated in every drawn frame while the camera moves. */
  camera?: { matrix?: ArrayLike<number> };
}

/** Frames drawn after an input or update when the camera is still: the first draws what the event changed. */
export const SETTLE_FRAMES = 2;

/** Input that may move the camera, pick a face (hover, click) or press a mode-bar button. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'pointerup', 'pointerleave', 'wheel', 'keydown'] as const;

/** How long a takeover waits for the frame in which the loop sees its stop flag. */
const STOP_WAIT_MS = 2000;

/** Frames, time and visibility (injected in tests). */
export interface FrameClock {
  request(cb: () => void): void;
  timeout(cb: () => void, ms: number): void;
  hidden(): boolean;
}

const browserClock: FrameClock = {
  request: (cb) => requestAnimationFrame(() => cb()),
  timeout: (cb, ms) => setTimeout(cb, ms),
  hidden: () => document.visibilityState === 'hidden',
};

/** gl-plot3d scene objects of a drawn plotly div (none for 2-D figures, or when plotly's internals differ). */
export function scenesOf(gd: HTMLElement): GlScene[] {
  const full = (gd as { _fullLayout?: Record<string, unknown> })._fullLayout;
  const ids = (full?._subplots as { gl3d?: unknown } | undefined)?.gl3d;
  if (!full || !Array.isArray(ids)) return [];
  const found: GlScene[] = [];
  for (const id of ids) {
    const g = (full[String(id)] as { _scene?: { glplot?: Partial<GlScene> } } | undefined)?._scene?.glplot;
    if (g && typeof g.redraw === 'function' && typeof g._stopped === 'boolean') found.push(g as GlScene);
  }
  return found;
}

export interface SceneFrames {
  /**
   * Stops the own loop of every scene of the plot not yet taken over. Resolves a frame later, once the loop has seen
   * the stop flag (plotly calls on the scene are no-ops until then, so the caller's next plotly call waits for it).
   * Where no frame comes (a page in the background), the loop is left running.
   */
  adopt(): Promise<void>;
  /** Draws the scenes in the next frames (after an update, a resize, or input), for as long as their cameras move. */
  wake(): void;
  /** Before plotly disposes the scenes: a scene being taken over gets its stop flag back, so disposal runs. */
  dispose(): void;
}

export function sceneFrames(el: HTMLElement, clock: FrameClock = browserClock): SceneFrames {
  const owned = new Set<GlScene>();
  const stopping = new Set<GlScene>();
  let disposed = false;
  let pumping = false;
  let left = 0;
  const views = new WeakMap<GlScene, string>();

  const frame = (): void => {
    if (disposed) {
      pumping = false;
      return;
    }
    for (const g of owned) {
      if (g._stopped || g.contextLost) continue;
      g.redraw();
      const view = Array.from(g.camera?.matrix ?? []).join();
      if (view !== views.get(g)) left = SETTLE_FRAMES;
      views.set(g, view);
    }
    if (--left > 0) clock.request(frame);
    else pumping = false;
  };

  const wake = (): void => {
    if (disposed || owned.size === 0) return;
    left = SETTLE_FRAMES;
    if (pumping) return;
    pumping = true;
    clock.request(frame);
  };

  for (const type of INPUT_EVENTS) el.addEventListener(type, wake, { capture: true, passive: true });

  return {
    adopt: () => {
      const fresh = scenesOf(el).filter((g) => !owned.has(g) && !stopping.has(g) && !g._stopped);
      // Scenes plotly replaced or disposed are not drawn any more.
      for (const g of owned) if (g._stopped) owned.delete(g);
      // A page in the background gets no frames, so its loop costs nothing and could not be seen to stop: later.
      if (disposed || fresh.length === 0 || clock.hidden()) return Promise.resolve();
      for (const g of fresh) {
        g._stopped = true;
        stopping.add(g);
      }
      return new Promise<void>((done) => {
        let settled = false;
        const settle = (taken: boolean): void => {
          if (settled) return;
          settled = true;
          for (const g of fresh) {
            if (!stopping.delete(g)) continue;
            g._stopped = false;
            if (taken) owned.add(g);
          }
          if (taken) wake();
          done();
        };
        // The loop's next callback was requested before this one, so it runs first in that frame and ends there.
        clock.request(() => settle(true));
        // No frame for this long (the page went to the background): the loop gets its flag back before its
        // callback runs, and keeps going until the next update tries again.
        clock.timeout(() => settle(false), STOP_WAIT_MS);
      });
    },
    wake,
    dispose: () => {
      disposed = true;
      for (const type of INPUT_EVENTS) el.removeEventListener(type, wake, { capture: true });
      for (const g of stopping) g._stopped = false;
      stopping.clear();
      owned.clear();
    },
  };
}
