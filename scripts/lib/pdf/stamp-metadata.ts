// Chromium writes only a Title and the current time. This stamps the rest, with fixed dates, so the
// same inputs give the same bytes. Pure (bytes in, bytes out).
//
// Two ways, same result (pdfinfo shows the same fields):
// - Fast path, for what Skia writes (classic xref table, Info dict, /Lang already in the catalog):
//   pdf-lib builds the new Info dictionary, which is appended as an incremental update (ISO 32000-1
//   §7.5.6) that redefines the Info object. Chromium's own bytes stay as they were, so the structure
//   tree, /MarkInfo, /Lang and the fonts are untouched by construction; only Skia's own Info dict is
//   blanked in place (same length) so no wall-clock time or user agent survives in the file.
//   Cost: a few string searches instead of parsing every object of a tagged PDF (pdf-lib's load +
//   save took ~10 ms of CPU per offer packet, about a fifth of the stage's throughput on 2 cores).
// - Anything else: pdf-lib loads the document and saves it whole. `updateMetadata: false`, or pdf-lib
//   writes its own Producer and the current ModDate; load + save keeps /StructTreeRoot, /MarkInfo and
//   /Lang (copying pages into a new document would drop them).
import { ParseSpeeds, PDFContext, PDFDocument, PDFHexString, PDFString } from 'pdf-lib';
import type { PacketMetadata } from './build-packets.ts';

export async function stampMetadata(bytes: Uint8Array, metadata: PacketMetadata): Promise<Uint8Array> {
  return appendInfo(bytes, metadata) ?? rewriteWhole(bytes, metadata);
}

function infoDictionary(metadata: PacketMetadata): string {
  const date = PDFString.fromDate(new Date(metadata.epoch * 1000));
  // The same encodings PDFDocument.setTitle & co. use.
  return PDFContext.create()
    .obj({
      Title: PDFHexString.fromText(metadata.title),
      Author: PDFHexString.fromText(metadata.author),
      Subject: PDFHexString.fromText(metadata.subject),
      Keywords: PDFHexString.fromText(metadata.keywords.join(' ')),
      Creator: PDFHexString.fromText(metadata.creator),
      Producer: PDFHexString.fromText(metadata.producer),
      CreationDate: date,
      ModDate: date,
    })
    .toString();
}

const pad10 = (n: number) => String(n).padStart(10, '0');

/** The incremental update, or null when the file is not shaped as Skia writes it. */
function appendInfo(bytes: Uint8Array, metadata: PacketMetadata): Uint8Array | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = buffer.subarray(Math.max(0, buffer.length - 512)).toString('latin1');
  const end = /trailer\s*<<([^<>]*)>>\s*startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!end) return null;
  const trailer = end[1]!;
  const size = /\/Size (\d+)/.exec(trailer)?.[1];
  const root = /\/Root (\d+) 0 R/.exec(trailer)?.[1];
  const info = /\/Info (\d+) 0 R/.exec(trailer)?.[1];
  if (!size || !root || !info || /\/(Prev|Encrypt|ID|XRefStm)\b/.test(trailer)) return null;
  const xref = Number(end[2]);

  // Classic table "xref\n0 N\n" then 20-byte entries: where do the Info and catalog objects start?
  const head = /^xref\n0 (\d+)\n/.exec(buffer.subarray(xref, xref + 32).toString('latin1'));
  if (!head || Number(head[1]) !== Number(size)) return null;
  const offsetOf = (object: number): number | null => {
    const at = xref + head[0].length + 20 * object;
    const entry = /^(\d{10}) 00000 n[ \r\n]{2}$/.exec(buffer.subarray(at, at + 20).toString('latin1'));
    return entry ? Number(entry[1]) : null;
  };
  const objectText = (object: number): { start: number; text: string } | null => {
    const start = offsetOf(Number(object));
    if (start === null) return null;
    const text = buffer.subarray(start, start + 4096).toString('latin1');
    const close = text.indexOf('endobj');
    return text.startsWith(`${object} 0 obj`) && close > 0 ? { start, text: text.slice(0, close) } : null;
  };
  const catalog = objectText(Number(root));
  const oldInfo = objectText(Number(info));
  if (!catalog || !oldInfo || !catalog.text.includes(`/Lang (${metadata.language})`)) return null;

  // The superseded Info dict is blanked in place (same length, so every offset stays valid): its
  // wall-clock dates would break reproducibility, and new headless puts its user agent in /Creator.
  const open = oldInfo.text.indexOf('<<');
  const close = oldInfo.text.lastIndexOf('>>');
  if (open < 0 || close < open) return null;
  const stamped = Buffer.from(buffer); // a copy: the input stays as it was
  stamped.fill(' ', oldInfo.start + open + 2, oldInfo.start + close, 'latin1');

  const object = `${info} 0 obj\n${infoDictionary(metadata)}\nendobj\n`;
  const objectAt = stamped.length;
  const xrefAt = objectAt + object.length;
  const update =
    `${object}xref\n${info} 1\n${pad10(objectAt)} 00000 n \n` +
    `trailer\n<</Size ${size}\n/Root ${root} 0 R\n/Info ${info} 0 R\n/Prev ${xref}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const out = Buffer.concat([stamped, Buffer.from(update, 'latin1')]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength); // plain bytes, as pdf-lib's save returns
}

async function rewriteWhole(bytes: Uint8Array, metadata: PacketMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const date = new Date(metadata.epoch * 1000);
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  doc.setKeywords(metadata.keywords);
  doc.setCreator(metadata.creator);
  doc.setProducer(metadata.producer);
  doc.setLanguage(metadata.language);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  // objectsPerTick: Infinity saves in one go instead of yielding to the event loop every 50 objects.
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** For tests: which path a file takes. */
export const stampsIncrementally = (bytes: Uint8Array, metadata: PacketMetadata) => appendInfo(bytes, metadata) !== null;
