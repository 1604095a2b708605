import { describe, expect, it } from 'vitest';
import { chooseRenderer } from './renderer-choice';

describe('chooseRenderer', () => {
  it('uses WebGL on a hardware adapter', () => {
    const choice = chooseRenderer({
      webgl: true,
      majorPerformanceCaveat: false,
      rendererString: 'ANGLE (NVIDIA, NVIDIA H200 Vulkan 1.3)',
    });
    expect(choice).toMatchObject({ kind: 'webgl', reason: 'gpu' });
  });

  it('uses the 2D canvas when the adapter is a software rasteriser', () => {
    for (const rendererString of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
    ])
      expect(
        chooseRenderer({ webgl: true, majorPerformanceCaveat: false, rendererString }),
      ).toMatchObject({ kind: 'canvas2d', reason: 'software-adapter', adapter: rendererString });
  });

  it('uses the 2D canvas when the browser flags a major performance caveat or has no WebGL', () => {
    expect(
      chooseRenderer({ webgl: true, majorPerformanceCaveat: true, rendererString: 'Some GPU' }),
    ).toMatchObject({ kind: 'canvas2d', reason: 'performance-caveat' });
    expect(
      chooseRenderer({ webgl: false, majorPerformanceCaveat: true, rendererString: '' }),
    ).toMatchObject({ kind: 'canvas2d', reason: 'no-webgl' });
  });
});
