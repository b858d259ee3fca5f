import { parse } from 'csv-parse/sync';
import {
  hxlCsv,
  hxlFileName,
  hxlHead,
  hxlRows,
  hxlTagProblem,
  regionNameOf,
  type HxlColumn,
} from './hxl';

interface Row {
  name: string;
  count: number | null;
}
const columns: HxlColumn<Row>[] = [
  { header: 'Name', tag: '#org +name', value: (r) => r.name },
  { header: 'Count', tag: '#indicator +num', value: (r) => r.count },
];

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe('HXL-tagged CSV', () => {
  it('writes the header row, then the hashtag row, then the data, CRLF', () => {
    expect(hxlHead(columns)).toBe('Name,Count\r\n#org +name,#indicator +num\r\n');
    expect(hxlRows(columns, [{ name: 'UNICEF', count: 3 }])).toBe('UNICEF,3\r\n');
    expect(hxlRows(columns, [])).toBe('');
  });

  it('quotes what needs quoting, keeps Kazakh and Russian text as UTF-8, writes null as empty', () => {
    const csv = hxlRows(columns, [
      { name: 'Қазақстан Қызыл Жарты Ай, "ҚҚЖА"', count: null },
      { name: 'Общество Красного Полумесяца', count: 0 },
    ]);
    expect(parse(csv)).toEqual([
      ['Қазақстан Қызыл Жарты Ай, "ҚҚЖА"', ''],
      ['Общество Красного Полумесяца', '0'],
    ]);
  });

  it('defuses a typed text a spreadsheet would run as a formula, not a number', () => {
    const csv = hxlRows(columns, [{ name: '=HYPERLINK("x")', count: -1 }]);
    expect(parse(csv)).toEqual([[`'=HYPERLINK("x")`, '-1']]);
  });

  it('streams the head first and one chunk per page with rows', async () => {
    async function* pages(): AsyncGenerator<Row[]> {
      yield [{ name: 'a', count: 1 }];
      yield [];
      yield [{ name: 'b', count: 2 }];
    }
    const chunks: string[] = [];
    for await (const chunk of hxlCsv(columns, pages())) chunks.push(chunk);
    expect(chunks).toEqual([hxlHead(columns), 'a,1\r\n', 'b,2\r\n']);
    expect(await text(hxlCsv(columns, pages()))).toBe(chunks.join(''));
  });

  it.each(['#org +name', '#adm1+code', '#indicator +num +requested', '#x_priority +code', '#date'])(
    'takes the well-formed tag %s',
    (tag) => expect(hxlTagProblem(tag)).toBeUndefined(),
  );

  it.each([
    ['org +name', 'not #hashtag'],
    ['#Org', 'not #hashtag'],
    ['#org +Name', 'not #hashtag'],
    ['#priority', 'not a core HXL hashtag'],
    ['#org +name +name', 'repeats'],
  ])('refuses %s', (tag, problem) => expect(hxlTagProblem(tag)).toContain(problem));

  it('names regions in the language asked for, and an unknown code as itself', () => {
    expect(regionNameOf('KZ-15', 'en')).toBe('Aktobe Region');
    expect(regionNameOf('KZ-15', 'kk')).toBe('Ақтөбе облысы');
    expect(regionNameOf('KZ-15', 'ru')).toBe('Актюбинская область');
    expect(regionNameOf('RU-MOW', 'ru')).toBe('RU-MOW');
  });

  it('says in the file name that drills are in it', () => {
    expect(hxlFileName('3w', false)).toBe('3w.hxl.csv');
    expect(hxlFileName('3w', true)).toBe('3w-with-drills.hxl.csv');
  });
});
