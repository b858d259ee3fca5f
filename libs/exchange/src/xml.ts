import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

/**
 * The exchange formats' XML (CAP 1.2, Atom, EDXL-RM 1.0) as a small tree of elements, attributes
 * and text (no mixed content, comments or CDATA), serialized by xmlbuilder2: the library escapes
 * every string that reaches the output, so text typed by an operator never changes the
 * document's structure. `el()` only checks names and drops what XML 1.0 cannot carry.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text?: string;
}

type Content = XmlElement | string | number | undefined | null | false;

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

/** `el('info', {}, el('event', 'Flood'))`; a string or number child becomes the element's text. */
export function el(
  name: string,
  attributesOrContent?: Record<string, string> | string | number | XmlElement,
  ...rest: Content[]
): XmlElement {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  let attributes: Record<string, string> = {};
  const content: Content[] = [];
  if (
    attributesOrContent !== undefined &&
    typeof attributesOrContent === 'object' &&
    !isElement(attributesOrContent)
  ) {
    attributes = attributesOrContent;
  } else {
    content.push(attributesOrContent);
  }
  content.push(...rest);
  const present = content.filter(
    (c): c is XmlElement | string | number => c !== undefined && c !== null && c !== false,
  );
  const texts = present.filter((c) => !isElement(c));
  const children = present.filter(isElement);
  if (texts.length > 0 && children.length > 0) throw new Error(`mixed content in <${name}>`);
  for (const attribute of Object.keys(attributes)) {
    if (!NAME.test(attribute)) throw new Error(`not an XML attribute name: ${attribute}`);
  }
  return {
    name,
    attributes,
    children,
    text: texts.length > 0 ? texts.map(String).join('') : undefined,
  };
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && 'children' in value && 'name' in value;
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * are dropped: there is no legal way to write them.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as an XML parser will hand it back: no illegal characters, line ends as LF (a parser
 * turns CR LF and a lone CR into LF anyway, XML 1.0 section 2.11).
 */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/\r\n?/g, '\n');
}

/** An attribute value as a parser hands it back: tabs and line ends become spaces (3.3.3). */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/[\t\n]/g, ' ');
}

/** The document with an XML declaration, indented two spaces per level. */
export function renderXml(root: XmlElement): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  append(doc, root);
  return `${doc.end({ prettyPrint: true, indent: '  ' })}\n`;
}

/**
 * xmlbuilder2's serializer leaves an `&` that already looks like an entity reference (`&amp;`,
 * `&e;`, `&#60;`) as it is, so typed text could smuggle in references (an undefined one makes the
 * document unreadable). Every `&` is turned into `&amp;` first; the serializer then leaves those
 * alone and escapes `<`, `>` and quotes itself.
 */
function literal(value: string): string {
  return value.replace(/&/g, '&amp;');
}

function append(parent: XMLBuilder, element: XmlElement): void {
  const attributes = Object.fromEntries(
    Object.entries(element.attributes).map(([name, value]) => [name, literal(xmlAttribute(value))]),
  );
  const node = parent.ele(element.name, attributes);
  if (element.text !== undefined) {
    const text = xmlText(element.text);
    if (text !== '') node.txt(literal(text));
    return;
  }
  for (const child of element.children) append(node, child);
}
