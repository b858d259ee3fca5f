import { parseXml, type ParsedElement } from './parse-xml';

/**
 * The structural rules of the CAP 1.2 schema (OASIS CAP-V1.2.xsd) that matter to consumers:
 * element order and cardinality of alert, info and area, the closed vocabularies, and the
 * formats of times, identifiers, references and circles. Returns the problems found (none for
 * a valid alert), so a failing test shows all of them.
 */
type Rule = [name: string, min: number, max: number];

const ALERT: Rule[] = [
  ['identifier', 1, 1],
  ['sender', 1, 1],
  ['sent', 1, 1],
  ['status', 1, 1],
  ['msgType', 1, 1],
  ['source', 0, 1],
  ['scope', 1, 1],
  ['restriction', 0, 1],
  ['addresses', 0, 1],
  ['code', 0, Infinity],
  ['note', 0, 1],
  ['references', 0, 1],
  ['incidents', 0, 1],
  ['info', 0, Infinity],
];
const INFO: Rule[] = [
  ['language', 0, 1],
  ['category', 1, Infinity],
  ['event', 1, 1],
  ['responseType', 0, Infinity],
  ['urgency', 1, 1],
  ['severity', 1, 1],
  ['certainty', 1, 1],
  ['audience', 0, 1],
  ['eventCode', 0, Infinity],
  ['effective', 0, 1],
  ['onset', 0, 1],
  ['expires', 0, 1],
  ['senderName', 0, 1],
  ['headline', 0, 1],
  ['description', 0, 1],
  ['instruction', 0, 1],
  ['web', 0, 1],
  ['contact', 0, 1],
  ['parameter', 0, Infinity],
  ['resource', 0, Infinity],
  ['area', 0, Infinity],
];
const AREA: Rule[] = [
  ['areaDesc', 1, 1],
  ['polygon', 0, Infinity],
  ['circle', 0, Infinity],
  ['geocode', 0, Infinity],
  ['altitude', 0, 1],
  ['ceiling', 0, 1],
];
const PAIR: Rule[] = [
  ['valueName', 1, 1],
  ['value', 1, 1],
];

const VOCABULARY: Record<string, string[]> = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: [
    'Geo',
    'Met',
    'Safety',
    'Security',
    'Rescue',
    'Fire',
    'Health',
    'Env',
    'Transport',
    'Infra',
    'CBRNE',
    'Other',
  ],
  responseType: [
    'Shelter',
    'Evacuate',
    'Prepare',
    'Execute',
    'Avoid',
    'Monitor',
    'Assess',
    'AllClear',
    'None',
  ],
  urgency: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'],
  severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'],
  certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'],
};

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
/** CAP dateTime: no fractions, a numeric offset, never "Z". */
export const CAP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;
const NO_SPECIALS = /^[^\s,<&]+$/;
const POINT = String.raw`-?\d+(\.\d+)?,-?\d+(\.\d+)?`;
const CIRCLE = new RegExp(String.raw`^${POINT} \d+(\.\d+)?$`);

function checkSequence(element: ParsedElement, rules: Rule[], path: string): string[] {
  const problems: string[] = [];
  const names = element.children.map((c) => c.name);
  let i = 0;
  for (const [name, min, max] of rules) {
    let count = 0;
    while (i < names.length && names[i] === name) {
      count++;
      i++;
    }
    if (count < min) problems.push(`${path}: <${name}> is required`);
    if (count > max) problems.push(`${path}: <${name}> appears ${count} times`);
  }
  if (i < names.length) {
    problems.push(`${path}: <${names[i]}> is unexpected here (order: ${names.join(', ')})`);
  }
  return problems;
}

function checkVocabulary(element: ParsedElement, path: string): string[] {
  return element.children.flatMap((c) =>
    VOCABULARY[c.name] && !VOCABULARY[c.name].includes(c.text)
      ? [`${path}/${c.name}: "${c.text}" is not in the CAP vocabulary`]
      : [],
  );
}

export function capProblems(xml: string): string[] {
  let alert: ParsedElement;
  try {
    alert = parseXml(xml);
  } catch (error) {
    return [`not well-formed: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (alert.name !== 'alert') problems.push(`root is <${alert.name}>, not <alert>`);
  if (alert.attributes.xmlns !== CAP_NS) problems.push(`namespace is ${alert.attributes.xmlns}`);
  problems.push(...checkSequence(alert, ALERT, 'alert'), ...checkVocabulary(alert, 'alert'));

  const text = (name: string) => alert.children.find((c) => c.name === name)?.text ?? '';
  if (!NO_SPECIALS.test(text('identifier'))) problems.push('identifier has a forbidden character');
  if (!NO_SPECIALS.test(text('sender'))) problems.push('sender has a forbidden character');
  if (!CAP_TIME.test(text('sent'))) problems.push(`sent "${text('sent')}" is not a CAP time`);
  const references = alert.children.find((c) => c.name === 'references');
  for (const reference of references?.text.split(' ') ?? []) {
    const [sender, identifier, sent, ...rest] = reference.split(',');
    if (!sender || !identifier || !CAP_TIME.test(sent ?? '') || rest.length > 0) {
      problems.push(`reference "${reference}" is not sender,identifier,sent`);
    }
  }
  const msgType = text('msgType');
  if ((msgType === 'Update' || msgType === 'Cancel') && !references) {
    problems.push(`${msgType} without <references>`);
  }

  alert.children
    .filter((c) => c.name === 'info')
    .forEach((info, i) => {
      const path = `alert/info[${i}]`;
      problems.push(...checkSequence(info, INFO, path), ...checkVocabulary(info, path));
      for (const timed of info.children.filter((c) =>
        ['effective', 'onset', 'expires'].includes(c.name),
      )) {
        if (!CAP_TIME.test(timed.text)) problems.push(`${path}/${timed.name} is not a CAP time`);
      }
      for (const pair of info.children.filter((c) => ['eventCode', 'parameter'].includes(c.name))) {
        problems.push(...checkSequence(pair, PAIR, `${path}/${pair.name}`));
      }
      info.children
        .filter((c) => c.name === 'area')
        .forEach((area, j) => {
          const areaPath = `${path}/area[${j}]`;
          problems.push(...checkSequence(area, AREA, areaPath));
          for (const circle of area.children.filter((c) => c.name === 'circle')) {
            if (!CIRCLE.test(circle.text)) problems.push(`${areaPath}/circle "${circle.text}"`);
          }
          for (const geocode of area.children.filter((c) => c.name === 'geocode')) {
            problems.push(...checkSequence(geocode, PAIR, `${areaPath}/geocode`));
          }
        });
    });
  return problems;
}
