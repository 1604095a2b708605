import type { ProjectId } from './ids';
import { newId } from './ids';
import type { LabelSchema } from './label-schema';
import { emptySchema } from './label-schema';

export interface Project {
  id: ProjectId;
  name: string;
  schema: LabelSchema;
  /** Confidence below which a model answer sends the image to review. */
  reviewThreshold: number;
  createdAt: number;
  updatedAt: number;
}

export const PROJECT_NAME_MAX = 200;

export function validateProjectName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'empty';
  if (trimmed.length > PROJECT_NAME_MAX) return 'too-long';
  return null;
}

export function createProject(name: string, now = Date.now()): Project {
  const problem = validateProjectName(name);
  if (problem) throw new RangeError(`invalid project name (${problem})`);
  return {
    id: newId<'project'>(),
    name: name.trim(),
    schema: emptySchema(),
    reviewThreshold: 0.85,
    createdAt: now,
    updatedAt: now,
  };
}
