// util.xml: XML -> object the way AppSync converts it (its outputs match org.json's
// XML.toJSONObject: numbers and booleans typed, repeated elements as lists,
// attributes as keys, text beside attributes under "content").
// https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'content',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: true,
  parseAttributeValue: true,
  trimValues: true,
  numberParseOptions: { leadingZeros: false, hex: false, skipLike: /^$/ },
});

/** null for text that is not well-formed XML. */
export function xmlToMap(xml: string): Record<string, unknown> | null {
  const text = String(xml ?? '');
  if (text.trim() === '' || XMLValidator.validate(text) !== true) return null;
  return parser.parse(text) as Record<string, unknown>;
}

/** With stringEncode, the JSON text is itself encoded as a JSON string. */
export function xmlToJsonString(xml: string, stringEncode = false): string {
  const json = JSON.stringify(xmlToMap(xml));
  return stringEncode ? JSON.stringify(json) : json;
}

export const xmlUtils = { toMap: xmlToMap, toJsonString: xmlToJsonString };
