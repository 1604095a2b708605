/**
 * At most one drawing per animation frame, requested only when something changed (no ticker).
 * `drawNow` lets input applied inside a frame's callbacks reach the screen in that same frame:
 * a frame requested from there would only run in the next one.
 */
export class FrameRequest {
  #handle = 0;
  #stopped = false;

  constructor(private readonly draw: () => void) {}

  request(): void {
    if (this.#handle || this.#stopped) return;
    this.#handle = requestAnimationFrame(() => {
      this.#handle = 0;
      this.draw();
    });
  }

  /** Draws at once if a drawing is waiting; nothing otherwise. */
  drawNow(): void {
    if (!this.#handle) return;
    cancelAnimationFrame(this.#handle);
    this.#handle = 0;
    this.draw();
  }

  stop(): void {
    this.#stopped = true;
    cancelAnimationFrame(this.#handle);
    this.#handle = 0;
  }
}
