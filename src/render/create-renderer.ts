import type { Point } from '../domain';
import type { EditorSession } from '../editor/session';
import { CanvasRenderer } from './canvas-renderer';
import { EditorRenderer } from './editor-renderer';
import type { RendererChoice } from './renderer-choice';
import { chooseRenderer, probeGraphics } from './renderer-choice';

/** What the editor needs from whichever renderer draws it. */
export interface EditorCanvas {
  /** 'webgl' | 'webgpu' | 'canvas2d': what actually draws. */
  readonly rendererType: string;
  readonly choice: RendererChoice;
  loadImage(blob: Blob): Promise<void>;
  setCrosshair(screen: Point | null): void;
  /**
   * Draws now what is waiting for the next animation frame. Called from inside an animation
   * frame (after input was applied there), it puts the change on screen one frame sooner: a frame
   * requested during a frame's callbacks would only run in the frame after.
   */
  drawPending(): void;
  destroy(): void;
}

/**
 * Picks the renderer by what is fast here: pixi on WebGL when a real GPU answers, the 2D canvas
 * when the browser renders in software (or WebGL fails to start).
 */
export async function createEditorCanvas(
  host: HTMLElement,
  session: EditorSession,
): Promise<EditorCanvas> {
  const choice = chooseRenderer(probeGraphics());
  if (choice.kind === 'webgl') {
    try {
      return await EditorRenderer.create(host, session, choice);
    } catch {
      return new CanvasRenderer(host, session, { ...choice, kind: 'canvas2d', reason: 'no-webgl' });
    }
  }
  return new CanvasRenderer(host, session, choice);
}
