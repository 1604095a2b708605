import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zh from '../../i18n/zh-CN.json';
import batchEn from '../../i18n/batch.en.json';
import batchZh from '../../i18n/batch.zh-CN.json';
import modelEn from '../../i18n/model.en.json';
import modelZh from '../../i18n/model.zh-CN.json';
import { batchStartErrorMessage, type BatchStartError } from './start-error';

const catalogs: Record<string, Record<string, string>> = {
  en: { ...en, ...batchEn, ...modelEn },
  'zh-CN': { ...zh, ...batchZh, ...modelZh },
};

const ERRORS: BatchStartError[] = [
  { kind: 'busy' },
  { kind: 'other-tab' },
  { kind: 'project-missing' },
  { kind: 'model', model: null },
  { kind: 'model', model: { kind: 'not-loaded', message: 'load the model first' } },
  { kind: 'model', model: { kind: 'offline', message: 'Failed to fetch' } },
  { kind: 'failed', message: 'disk on fire' },
];

describe('batch start errors', () => {
  // Regression: the page showed raw codes ("The job could not run: project"), also in Chinese.
  it.each(Object.keys(catalogs))('every kind has a sentence in %s, never a raw code', (lang) => {
    for (const error of ERRORS) {
      for (const message of batchStartErrorMessage(error)) {
        const text = catalogs[lang]?.[message.id];
        expect(text, `${lang} ${message.id}`).toBeTruthy();
        expect(text).not.toMatch(/\bproject\b$|: model$/);
      }
    }
  });

  it('words a missing project without the code', () => {
    expect(batchStartErrorMessage({ kind: 'project-missing' })).toEqual([
      { id: 'batch.error.projectMissing' },
    ]);
  });

  it('tells why the model is not ready in the model page words', () => {
    expect(
      batchStartErrorMessage({ kind: 'model', model: { kind: 'offline', message: 'x' } }),
    ).toEqual([
      { id: 'batch.error.model' },
      { id: 'model.error.offline', values: { message: 'x' } },
    ]);
  });
});
