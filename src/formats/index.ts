/** Public API of the formats layer: what the UI's export and import dialogs call. */
export * from './errors';
export { messageOf, where } from './messages';
export type * from './types';
export { exportFiles, exportPackage, safeFileName, EXPORT_FORMATS } from './export';
export type { ExportFormat, ExportPackage } from './export';
export { categoryIds, categoryName } from './categories';
export { selectAnnotations, selectItem } from './select';
export { serializeJsonl, JSONL_FILE } from './jsonl/serialize';
export { parseJsonl, parseJsonlLine, parseJsonlLines } from './jsonl/parse';
export { buildCoco, serializeCoco } from './coco/serialize';
export { parseCoco } from './coco/parse';
export { checkCocoValidity } from './coco/validate';
export type { CocoProblem } from './coco/validate';
export { COCO_INSTANCES_FILE, COCO_CAPTIONS_FILE } from './coco/types';
export type { CocoInstances, CocoCaptions } from './coco/types';
export { serializeCsv } from './csv/serialize';
export { parseCsv } from './csv/parse';
export { CSV_REGIONS_FILE, CSV_IMAGES_FILE } from './csv/columns';
export { serializeYolo, labelPath } from './yolo/serialize';
export type { YoloTask } from './yolo/serialize';
export { parseYolo, labelTarget } from './yolo/parse';
export { parseDataYamlNames } from './yolo/data-yaml';
export { serializeVoc, vocXmlPath } from './voc/serialize';
export { parseVoc } from './voc/parse';
export { zipStream, streamToBlob } from './zip/write';
export { openZip } from './zip/read';
export type { ReadHooks, ZipArchive, ZipEntry } from './zip/read';
export { matchImports, unknownLabels } from './import/match';
export type { ImportMatch, MatchResult } from './import/match';
export { planImport } from './import/plan';
export type { ImportPlan, ImportPlanInput, ImportPolicy } from './import/plan';
export { detectImport, importImagesOf, isBackupFile, readImportFiles } from './import/detect';
export { blobLines, blobText, TEXT_MAX_BYTES } from './text-stream';
export type { DetectedImport } from './import/detect';
export {
  backupEntries,
  backupStream,
  restoreBackup,
  BACKUP_FORMAT,
  BACKUP_VERSION,
} from './backup/backup';
export type { RestoredBackup } from './backup/backup';
