import type { ImageAnnotations, ImageId, ImageItem, Project } from '../../domain';
import {
  matchImports,
  planImport,
  unknownLabels,
  type FormatWarning,
  type ImportPlan,
  type ImportPolicy,
  type MatchResult,
  type ParseResult,
} from '../../formats';

export interface ImportChoices {
  policy: ImportPolicy;
  addUnknownLabels: boolean;
}

export interface ImportAnalysis {
  match: MatchResult;
  unknown: { label: string; count: number }[];
  /** What "Import" would write now; the dialog shows its counts and warnings before anything is written. */
  plan: ImportPlan;
  /** Problems to show: the file's, the matching's (other than unmatched/ambiguous, listed apart) and the plan's. */
  warnings: FormatWarning[];
}

export interface AnalyseInput extends ImportChoices {
  parsed: ParseResult;
  project: Project;
  images: readonly ImageItem[];
  /** The project's stored records. */
  existing: readonly ImageAnnotations[];
  author: string;
}

const LISTED_APART = new Set(['unmatched-image', 'ambiguous-image']);

/** Matches a parsed file to the project's images and plans the import, without writing anything. */
export function analyseImport(input: AnalyseInput): ImportAnalysis {
  const match = matchImports(input.parsed.records, input.images);
  const stored = new Map<ImageId, ImageAnnotations>(input.existing.map((a) => [a.imageId, a]));
  const plan = planImport({
    project: input.project,
    matched: match.matched,
    existing: (image) => stored.get(image.id) ?? null,
    policy: input.policy,
    addUnknownLabels: input.addUnknownLabels,
    author: input.author,
    categories: input.parsed.categories ?? [],
  });
  return {
    match,
    unknown: unknownLabels(match.matched, input.project.schema, input.parsed.categories),
    plan,
    warnings: [
      ...input.parsed.warnings,
      ...match.warnings.filter((w) => !LISTED_APART.has(w.key)),
      ...plan.warnings,
    ],
  };
}
