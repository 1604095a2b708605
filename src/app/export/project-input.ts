import type { Project } from '../../domain';
import type { ExportInput, ExportItem } from '../../formats';
import type { Store } from '../../store';

/** Images per page read from the store while an export or backup streams. */
const PAGE = 200;

/**
 * Every image of the project with its stored annotations, page by page, so an export of any size
 * never loads the whole project; images never opened come with `annotations: null`.
 */
export async function projectExportInput(store: Store, project: Project): Promise<ExportInput> {
  async function* items(): AsyncGenerator<ExportItem> {
    for await (const page of store.images.iterateByProject(project.id, PAGE)) {
      const records = await store.annotations.findMany(page.map((i) => i.id));
      for (let i = 0; i < page.length; i++)
        yield { image: page[i]!, annotations: records[i] ?? null };
    }
  }
  return {
    project,
    items: items(),
    total: await store.images.count(project.id),
    readImage: (image) => store.images.original(image.id),
  };
}
