/**
 * A deliberately small XML writer: elements, attributes and text only (no mixed content, no
 * comments, no CDATA). Every string that reaches the output is escaped here, so text typed by an
 * operator can never change the document's structure.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text?: string;
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

/** `el('info', {}, el('event', 'Flood'))`; a string or number child becomes the element's text. */
export function el(
  name: string,
  attributesOrContent?: Record<string, string> | string | number | XmlElement,
  ...rest: (XmlElement | string | number | undefined | null | false)[]
): XmlElement {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  let attributes: Record<string, string> = {};
  const content: (XmlElement | string | number | undefined | null | false)[] = [];
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
 * are dropped rather than escaped: there is no legal way to write them.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/** The document with an XML declaration, indented two spaces per level. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, '')}\n`;
}

function renderElement(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (element.text !== undefined) {
    return `${open}>${escapeText(element.text)}</${element.name}>`;
  }
  if (element.children.length === 0) return `${open}/>`;
  const inner = element.children.map((c) => renderElement(c, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${element.name}>`;
}
