/** Which drawing path the editor uses, and why — shown in the image panel's details. */
export type RendererKind = 'webgl' | 'canvas2d';

export interface GraphicsProbe {
  /** A WebGL context could be created at all. */
  webgl: boolean;
  /** The browser refused WebGL with `failIfMajorPerformanceCaveat` (software or blocklisted GPU). */
  majorPerformanceCaveat: boolean;
  /** UNMASKED_RENDERER_WEBGL (or RENDERER), e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader …))". */
  rendererString: string;
}

export type ChoiceReason = 'gpu' | 'software-adapter' | 'performance-caveat' | 'no-webgl';

export interface RendererChoice {
  kind: RendererKind;
  /** What decided it: the adapter string or the browser's caveat. */
  reason: ChoiceReason;
  adapter: string;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/**
 * A real GPU draws with WebGL; a software rasteriser (virtual desktops, thin clients, headless
 * browsers) is several times faster on the plain 2D canvas, whose cached layers it only copies.
 */
export function chooseRenderer(probe: GraphicsProbe): RendererChoice {
  const adapter = probe.rendererString;
  if (!probe.webgl) return { kind: 'canvas2d', reason: 'no-webgl', adapter };
  if (SOFTWARE.test(adapter)) return { kind: 'canvas2d', reason: 'software-adapter', adapter };
  if (probe.majorPerformanceCaveat)
    return { kind: 'canvas2d', reason: 'performance-caveat', adapter };
  return { kind: 'webgl', reason: 'gpu', adapter };
}

/** Asks the browser what WebGL would run on; the probe's contexts are released at once. */
export function probeGraphics(): GraphicsProbe {
  const strict = document
    .createElement('canvas')
    .getContext('webgl2', { failIfMajorPerformanceCaveat: true });
  const gl =
    strict ??
    document.createElement('canvas').getContext('webgl2') ??
    document.createElement('canvas').getContext('webgl');
  if (!gl) return { webgl: false, majorPerformanceCaveat: true, rendererString: '' };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const rendererString = String(
    gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '',
  );
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { webgl: true, majorPerformanceCaveat: strict === null, rendererString };
}
