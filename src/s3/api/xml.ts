// XML in and out of the S3 API, through fast-xml-parser. Request bodies are small documents
// (DeleteObjects, CompleteMultipartUpload); anything that is not well-formed XML, or that
// declares a DTD (entity expansion), is refused as MalformedXML.

import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { malformedXml } from './errors.ts';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A value of the XML tree: text, nested elements, or repeated elements. */
export type XmlValue = string | number | boolean | XmlNode | readonly XmlNode[] | readonly string[];

/** One element's children by name; `@_name` entries are attributes. */
export interface XmlNode {
  readonly [name: string]: XmlValue | undefined;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/** The document `<root xmlns=S3>…</root>` with the XML declaration. */
export function buildXml(root: string, content: XmlNode): string {
  return DECLARATION + builder.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...content } });
}

/** S3 timestamps: ISO 8601 with milliseconds, as AWS sends them. */
export function isoDate(date: Date): string {
  return date.toISOString();
}

/**
 * Parses a request document. `repeated` names elements that are lists even when they occur
 * once. Text is kept verbatim (no trimming, no number parsing: keys are strings).
 */
export function parseXml(text: string, repeated: readonly string[]): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) throw malformedXml();

  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => repeated.includes(name),
  });
  const parsed: unknown = parser.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw malformedXml();

  return parsed as Record<string, unknown>;
}

/** The text of a parsed child element; undefined when absent or not a text node. */
export function textOf(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;

  const value = (node as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
