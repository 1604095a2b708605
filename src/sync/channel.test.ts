import { describe, expect, it } from 'vitest';
import { announceImagesChanged, watchProjectImages } from './channel';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('project change announcements', () => {
  it('reach watchers of the same project, coalesced, and stop after unsubscribe', async () => {
    const seen: string[] = [];
    const stopA = watchProjectImages('project-a', () => seen.push('a'), 20);
    const stopB = watchProjectImages('project-b', () => seen.push('b'), 20);
    announceImagesChanged('project-a');
    announceImagesChanged('project-a');
    announceImagesChanged('project-a');
    await settle(80);
    expect(seen).toEqual(['a']);
    stopA();
    announceImagesChanged('project-a');
    announceImagesChanged('project-b');
    await settle(80);
    expect(seen).toEqual(['a', 'b']);
    stopB();
  });
});
