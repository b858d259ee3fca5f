/**
 * A strict little XML parser for tests of incident-service's CAP and Atom output: it accepts only well-formed documents of the kind our
 * writer produces (declaration, elements, attributes, text, the five entities and numeric
 * character references) and throws on anything else, e.g. a raw `<` or `&` in text or a
 * mismatched end tag. Enough to prove the writer's output parses back to what was meant.
 */
export interface ParsedElement {
  name: string;
  attributes: Record<string, string>;
  children: ParsedElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(xml: string): ParsedElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
  };
  const skipSpace = () => {
    while (pos < xml.length && /\s/.test(xml[pos])) pos++;
  };
  const decode = (raw: string): string => {
    if (/[<]/.test(raw)) fail('raw < in character data');
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail('unterminated reference');
      if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      if (!(ref in ENTITIES)) fail(`unknown entity &${ref};`);
      return ENTITIES[ref];
    });
  };
  const readName = (): string => {
    const match = NAME.exec(xml.slice(pos));
    if (!match) fail('expected a name');
    pos += match![0].length;
    return match![0];
  };

  const parseElement = (): ParsedElement => {
    if (xml[pos] !== '<') fail('expected <');
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      const attribute = readName();
      if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      if (xml[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute');
      attributes[attribute] = decode(xml.slice(pos + 1, end));
      pos = end + 1;
    }
    const children: ParsedElement[] = [];
    let text = '';
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${name}>`);
      text += decode(xml.slice(pos, next));
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail('expected >');
        pos++;
        if (children.length > 0 && text.trim() !== '') fail(`mixed content in <${name}>`);
        return { name, attributes, children, text: children.length > 0 ? '' : text };
      }
      if (xml.startsWith('<!--', pos) || xml.startsWith('<![CDATA[', pos) || xml[pos + 1] === '?')
        fail('comments, CDATA and processing instructions are not expected');
      children.push(parseElement());
    }
  };

  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) {
    fail('a character XML 1.0 does not allow');
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(xml)) {
    fail('a lone surrogate');
  }
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    pos = end + 2;
  }
  skipSpace();
  const root = parseElement();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** The first child named `name`, or a test failure naming what was missing. */
export function child(element: ParsedElement, name: string): ParsedElement {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>`);
  return found;
}

export function childText(element: ParsedElement, name: string): string {
  return child(element, name).text;
}

export function childNames(element: ParsedElement): string[] {
  return element.children.map((c) => c.name);
}
