/**
 * Small PDFs written byte by byte for the import tests: text pages in Helvetica, and one whose
 * /Encrypt dictionary asks for a password.
 */
function assemble(objects: string[], trailerExtra = ''): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** One A5-ish page (420 × 595 pt) per text, the text large near the top. */
export function textPdf(texts: string[], trailerExtra = ''): Buffer {
  const pageIds = texts.map((_, i) => 4 + i * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${texts.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (const text of texts) {
    const id = objects.length + 1;
    const stream = `BT /F1 28 Tf 40 520 Td (${text}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  }
  return assemble(objects, trailerExtra);
}

/** A PDF with a standard-security /Encrypt entry whose check values match no password we know. */
export function encryptedPdf(): Buffer {
  const pad = '<' + 'ab'.repeat(32) + '>';
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O ${pad} /U ${pad} /P -4 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  return textPdf(['Secret'], encrypt);
}
