import type { ImageAnnotations, ImageItem, Region } from '../../domain';
import { clampBox, clampPoint, polygonPoints } from '../../domain';
import { categoryName } from '../categories';
import { warning } from '../errors';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { regionField, round, selectedImages } from '../run';
import { shapeBounds } from '../../domain';
import { hasExtent } from '../shapes';
import { escapeXml } from './xml';
import type { Box, LabelSchema } from '../../domain';

/** Annotations/<relativePath without extension>.xml next to JPEGImages/<relativePath>. */
export function vocXmlPath(relativePath: string): string {
  const dot = relativePath.lastIndexOf('.');
  const stem = dot > relativePath.lastIndexOf('/') + 1 ? relativePath.slice(0, dot) : relativePath;
  return `Annotations/${stem}.xml`;
}

const tag = (name: string, value: string | number, indent: string) =>
  `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;

/**
 * VOC pixel indices are integers and 1-based, as the devkit writes them (readers use int()): the
 * pixel our edge x falls on is round(x) + 1 at the left, round(x + w) at the right. The exact
 * shape rides along in <annota><exact> so our own import loses nothing.
 */
function vocBox(b: Box): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const xmin = Math.round(b.x) + 1;
  const ymin = Math.round(b.y) + 1;
  return {
    xmin,
    ymin,
    xmax: Math.max(xmin, Math.round(b.x + b.w)),
    ymax: Math.max(ymin, Math.round(b.y + b.h)),
  };
}

function objectXml(schema: LabelSchema, region: Region, image: ImageItem): string {
  const b = clampBox(shapeBounds(region.shape), image);
  const v = vocBox(b);
  let xml = '  <object>\n';
  xml += tag('name', categoryName(schema, region), '    ');
  xml += tag('pose', 'Unspecified', '    ');
  xml += tag('truncated', 0, '    ');
  xml += tag('difficult', 0, '    ');
  xml += '    <bndbox>\n';
  xml += tag('xmin', v.xmin, '      ');
  xml += tag('ymin', v.ymin, '      ');
  xml += tag('xmax', v.xmax, '      ');
  xml += tag('ymax', v.ymax, '      ');
  xml += '    </bndbox>\n';
  if (region.shape.kind === 'polygon') {
    xml += '    <polygon>\n';
    for (const p of polygonPoints(region.shape.points)) {
      const c = clampPoint(p, image);
      xml += `      <pt><x>${Math.round(c.x) + 1}</x><y>${Math.round(c.y) + 1}</y></pt>\n`;
    }
    xml += '    </polygon>\n';
  }
  const attributes = Object.entries(region.attributes);
  if (attributes.length > 0) {
    xml += '    <attributes>\n';
    for (const [name, value] of attributes)
      xml += `      <attribute type="${typeof value}">${tag('name', name, '').trim()}${tag('value', String(value), '').trim()}</attribute>\n`;
    xml += '    </attributes>\n';
  }
  xml += '    <annota>\n';
  xml += tag('id', region.id, '      ');
  xml += tag('label', region.label, '      ');
  const exact =
    region.shape.kind === 'polygon'
      ? region.shape.points.map((p) => round(p))
      : [round(b.x), round(b.y), round(b.w), round(b.h)];
  xml += tag('exact', exact.join(' '), '      ');
  xml += tag('source', region.provenance.source, '      ');
  xml += tag('state', region.state, '      ');
  if (region.provenance.source === 'model')
    xml += tag('confidence', region.provenance.confidence, '      ');
  if (region.text !== undefined) xml += tag('text', region.text, '      ');
  xml += '    </annota>\n';
  return xml + '  </object>\n';
}

export function vocXml(
  schema: LabelSchema,
  image: ImageItem,
  annotations: ImageAnnotations | null,
  warn: (r: Region) => void,
): string {
  const slash = image.relativePath.lastIndexOf('/');
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<annotation>\n';
  xml += tag('folder', slash >= 0 ? image.relativePath.slice(0, slash) : '', '  ');
  xml += tag('filename', image.fileName, '  ');
  xml += tag('path', image.relativePath, '  ');
  xml += '  <source>\n' + tag('database', 'Annota', '    ') + '  </source>\n';
  xml += '  <size>\n';
  xml += tag('width', image.width, '    ');
  xml += tag('height', image.height, '    ');
  xml += tag('depth', image.channels ?? 3, '    ');
  xml += '  </size>\n';
  xml += tag('segmented', 0, '  ');
  for (const region of annotations?.regions ?? []) {
    if (hasExtent(region.shape)) xml += objectXml(schema, region, image);
    else warn(region);
  }
  return xml + '</annotation>\n';
}

/** One XML file per image, each followed by its image when asked: nothing waits in memory. */
export async function* serializeVoc(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const read = input.readImage;
  if (options.withImages && !read) throw new TypeError('withImages needs input.readImage');
  for await (const { image, annotations } of selectedImages(input, options, hooks)) {
    const path = vocXmlPath(image.relativePath);
    const xml = vocXml(input.project.schema, image, annotations, (region) =>
      hooks.onWarning?.(
        warning(
          { format: 'voc', file: path, field: regionField(annotations?.regions ?? [], region) },
          'region-skipped-empty',
          { kind: region.shape.kind, label: region.label },
        ),
      ),
    );
    yield { path, data: xml, compress: true };
    if (options.withImages && read)
      yield { path: `JPEGImages/${image.relativePath}`, data: () => read(image), compress: false };
  }
}
