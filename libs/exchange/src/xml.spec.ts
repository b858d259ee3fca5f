import fc from 'fast-check';
import { parseXml } from '@relief/testing';
import { el, renderXml } from './xml';

/**
 * What survives: XML 1.0 cannot carry most C0 controls, lone surrogates, U+FFFE and U+FFFF;
 * line ends come back as LF.
 */
function xmlSafe(value: string): string {
  return Array.from(value.replace(/\r\n?/g, '\n'))
    .filter((ch) => {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x9 || cp === 0xa || cp === 0xd) return true;
      if (cp < 0x20 || cp === 0xfffe || cp === 0xffff) return false;
      return !(cp >= 0xd800 && cp <= 0xdfff);
    })
    .join('');
}

/** Attribute values come back with tabs and line ends as spaces. */
function attributeSafe(value: string): string {
  return xmlSafe(value).replace(/[\t\n]/g, ' ');
}

describe('xml writer (xmlbuilder2)', () => {
  const hostile = [
    '</description><script>alert(1)</script>',
    ']]><!-- --><![CDATA[x]]>',
    'AT&T &amp; &lt;already escaped&gt; &#x3C;',
    '"quoted" and \'single\'',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    'Наводнение в Актюбинской области — су тасқыны 🌊',
    'tab\tnewline\ncarriage\rreturn',
    'nul\u0000 bell\u0007 vt\u000B ff\u000C esc\u001B',
    'lone surrogates \uD800 and \uDC00, pair 😀',
    'U+FFFE\uFFFE U+FFFF\uFFFF',
  ];

  it.each(hostile)('keeps hostile text as text: %j', (text) => {
    const xml = renderXml(el('root', { note: text }, el('text', text)));
    const root = parseXml(xml);
    expect(root.children.map((c) => c.name)).toEqual(['text']);
    expect(root.children[0].text).toBe(xmlSafe(text));
    expect(root.attributes.note).toBe(attributeSafe(text));
  });

  it('round-trips any string through text and attributes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const root = parseXml(renderXml(el('r', { a: text }, el('t', text))));
        expect(root.children[0].text).toBe(xmlSafe(text));
        expect(root.attributes.a).toBe(attributeSafe(text));
      }),
    );
  });

  it('escapes markup characters', () => {
    const xml = renderXml(el('a', { q: `"<&>` }, el('b', '<a & b>')));
    expect(xml).toContain('<b>&lt;a &amp; b&gt;</b>');
    expect(xml).toContain('q="&quot;&lt;&amp;&gt;"');
  });

  it('writes empty elements, nesting and the declaration', () => {
    expect(renderXml(el('a', { x: '1' }, el('b'), el('c', 'text'), undefined, false))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1">\n  <b/>\n  <c>text</c>\n</a>\n',
    );
  });

  it('refuses names that are not XML names and mixed content', () => {
    expect(() => el('bad name')).toThrow(/not an XML name/);
    expect(() => el('a', { 'x y': '1' })).toThrow(/attribute/);
    expect(() => el('a', {}, 'text', el('b'))).toThrow(/mixed content/);
  });
});
