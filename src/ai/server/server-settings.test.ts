import { describe, expect, it } from 'vitest';
import {
  acknowledgement,
  defaultServerSettings,
  restoreServerSettings,
  validateServerSettings,
} from './server-settings';

describe('server settings', () => {
  it('defaults to 4 requests in flight and is inactive until configured', () => {
    const d = defaultServerSettings();
    expect(d.concurrency).toBe(4);
    expect(validateServerSettings(d)).toEqual(['base-url', 'model']);
    expect(restoreServerSettings({ ...d, active: true }).active).toBe(false);
  });

  it('restores what was saved and repairs odd fields', () => {
    const saved = {
      ...defaultServerSettings(),
      active: true,
      baseUrl: 'http://gpu:8000/v1',
      model: 'qwen3-vl:8b',
      concurrency: 'x',
      acknowledged: ['p|http://gpu:8000', 3],
    };
    expect(restoreServerSettings(saved)).toMatchObject({
      active: true,
      concurrency: 4,
      acknowledged: ['p|http://gpu:8000'],
    });
    expect(acknowledgement('p', 'http://gpu:8000/v1')).toBe('p|http://gpu:8000');
  });
});
