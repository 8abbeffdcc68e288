import t from 'tap'
import { parseXml, XmlError, type XmlReadOptions } from '../../src/xml.js'

const STRICT: XmlReadOptions = { maxDepth: 8, instructions: 'refuse' }
const read = (xml: string, options = STRICT): unknown => parseXml(xml, options)

t.test('elements, attributes in order, text and elements in order', async (t) => {
  t.same(read('<a x="1" y=\'2\'>one<b/>two<c z="3">three</c></a>'), {
    name: 'a',
    attributes: [['x', '1'], ['y', '2']],
    children: ['one', { name: 'b', attributes: [], children: [] }, 'two', { name: 'c', attributes: [['z', '3']], children: ['three'] }]
  })
})

t.test('the declaration, a BOM, comments and whitespace around the root', async (t) => {
  const doc = '\ufeff<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c -->\n<a/>\n<!-- d -->\n'
  t.same(read(doc), { name: 'a', attributes: [], children: [] })
  t.same(read("<?xml version='1.1'?><a/>"), { name: 'a', attributes: [], children: [] })
})

t.test('references, CDATA and line ends', async (t) => {
  t.same(read('<a>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600; <![CDATA[<&>]]>x</a>'), { name: 'a', attributes: [], children: ['<>&"\' AB😀 <&>x'] })
  t.same(read('<a b="x&#10;y&amp;z\tw">1\r\n2\r3</a>'), { name: 'a', attributes: [['b', 'x\ny&z w']], children: ['1\n2\n3'] })
  t.same(read('<a>&amp;#60;</a>'), { name: 'a', attributes: [], children: ['&#60;'] }, 'decoded once only')
})

t.test('qualified names are kept as written', async (t) => {
  t.same(read('<a><amazon:effect name="w">x</amazon:effect><lang xml:lang="fr"/></a>'), {
    name: 'a',
    attributes: [],
    children: [{ name: 'amazon:effect', attributes: [['name', 'w']], children: ['x'] }, { name: 'lang', attributes: [['xml:lang', 'fr']], children: [] }]
  })
})

t.test('what is not well-formed is refused, saying what and where', async (t) => {
  const bad: Array<[string, RegExp]> = [
    ['', /no root element/],
    ['text', /text before the root element/],
    ['<a>', /<a> is not closed/],
    ['<a></b>', /closing tag does not match <a>/],
    ['<a/><b/>', /content after the root element/],
    ['<a/>text', /content after the root element/],
    ['<a>&</a>', /"&" that does not start a reference/],
    ['<a>&x;</a>', /undefined entity "&x;"/],
    ['<a>&#xD800;</a>', /character reference/],
    ['<a>&#1114112;</a>', /character reference/],
    ['<a>\u0001</a>', /character not allowed in XML/],
    ['<a>\ud800</a>', /character not allowed in XML/],
    ['<a>]]></a>', /"]]>" in text/],
    ['<a b="1" b="2"/>', /attribute "b" given twice/],
    ['<a b="<"/>', /"<" in an attribute value/],
    ['<a b=1/>', /expected a quoted attribute value/],
    ['<a b="1"c="2"/>', /expected whitespace before an attribute/],
    ['<a b="1/>', /unterminated attribute value/],
    ['<a><!-- x -- y --></a>', /"--" inside a comment/],
    ['<a><!-- x ---></a>', /"--" inside a comment/],
    ['<a><![CDATA[x</a>', /unterminated CDATA section/],
    ['<1a/>', /expected a name/],
    ['<?xml version="2.0"?><a/>', /malformed XML declaration/],
    ['<!DOCTYPE a><a/>', /document type declarations are not accepted/],
    ['<a><!DOCTYPE a></a>', /document type declarations are not accepted/],
    ['<a><!ELEMENT a ANY></a>', /markup declarations are not accepted/],
    ['<?pi x?><a/>', /processing instructions are not accepted/],
    ['<a><?pi x?></a>', /processing instructions are not accepted/],
    ['<a><b><c><d><e><f><g><h><i><j/></i></h></g></f></e></d></c></b></a>', /nested too deeply/]
  ]
  for (const [xml, reason] of bad) {
    t.throws(() => read(xml), { name: 'XmlError', message: reason }, JSON.stringify(xml))
  }
  const error = t.throws(() => read('<a></b>')) as XmlError
  t.equal(error.at, 3, 'the offset of the fault: the closing tag')
})

t.test('processing instructions may be skipped instead, but never a misplaced declaration', async (t) => {
  const lenient: XmlReadOptions = { maxDepth: 8, instructions: 'skip' }
  t.same(read('<?xml version="1.0"?><?style x?><a><?pi?>x</a>', lenient), { name: 'a', attributes: [], children: ['x'] })
  t.throws(() => read('<!-- c --><?xml version="1.0"?><a/>', lenient), { message: /XML declaration not at the start/ })
})

t.test('a large document: many references, elements and attributes', async (t) => {
  const attributes = Array.from({ length: 5_000 }, (_, i) => `a${i}="${i}"`).join(' ')
  const doc = `<a>${'&amp;'.repeat(20_000)}${'<b x="1"/>'.repeat(5_000)}<c ${attributes}/></a>`
  const root = parseXml(doc, STRICT)
  t.equal(root.children.length, 5_002)
  t.equal(root.children[0], '&'.repeat(20_000))
  const last = root.children.at(-1)
  t.equal(typeof last === 'string' ? -1 : last?.attributes.length, 5_000)
})
