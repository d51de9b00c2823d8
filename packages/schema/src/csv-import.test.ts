import { describe, expect, it } from 'vitest';
import { parseCsv, validateCsv } from './csv-import.ts';

const cellsOf = (csv: string) => {
  const r = parseCsv(csv);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return [r.table.header, ...r.table.rows.map((x) => x.cells)];
};

describe('CSV parsing (RFC 4180)', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    expect(cellsOf('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('detects the semicolon that Finnish Excel writes and drops the byte-order mark', () => {
    const r = parseCsv('\ufeffcode;name_fi\n398;Lahti\n');
    expect(r.ok && r.table.delimiter).toBe(';');
    expect(cellsOf('\ufeffcode;name_fi\n398;Lahti\n')).toEqual([
      ['code', 'name_fi'],
      ['398', 'Lahti'],
    ]);
  });

  it('reads tab-separated text pasted from a spreadsheet', () => {
    expect(cellsOf('code\tname_fi\n398\tLahti')).toEqual([
      ['code', 'name_fi'],
      ['398', 'Lahti'],
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(cellsOf('a,b,c\n\n1,,3\n\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const r = parseCsv('a,b\n"x\ny",1\nz,2');
    expect(r.ok && r.table.rows.map((x) => x.line)).toEqual([2, 4]);
  });

  it('reports an unclosed quote and a stray quote with their lines', () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({
      ok: false,
      issues: [{ line: 2, message: 'a quoted field is not closed before the end of the file' }],
    });
    const stray = parseCsv('a,b\n1,x"y\n');
    expect(stray.ok).toBe(false);
    expect(!stray.ok && stray.issues[0]?.line).toBe(2);
  });
});

describe('CSV validation', () => {
  it('turns municipality rows into names per language and a population', () => {
    const v = validateCsv('municipalities', 'code;name_fi;name_sv;name_en;population\n398;Lahti;Lahtis;Lahti;121337\n');
    expect(v.issues).toEqual([]);
    expect(v.rows).toEqual([
      { line: 2, value: { code: '398', names: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' }, population: 121337 } },
    ]);
  });

  it('reports every bad row with its line and column', () => {
    const v = validateCsv(
      'municipalities',
      [
        'code,name_fi,name_sv,name_en,population',
        '398,Lahti,Lahtis,Lahti,121337',
        '98,Hollola,Hollola,Hollola,23000',
        '111,Heinola,Heinola,Heinola,-5',
        '398,Lahti,Lahtis,Lahti,1',
        '560,Orimattila,Orimattila,Orimattila',
      ].join('\n'),
    );
    expect(v.issues).toEqual([
      { line: 3, column: 'code', message: 'a municipality code is three digits, e.g. 398' },
      { line: 4, column: 'population', message: 'at least 0' },
      { line: 5, message: 'the same row as line 2 (398)' },
      { line: 6, message: '4 fields where the header has 5' },
    ]);
  });

  it('names missing and unknown columns on the header line', () => {
    const v = validateCsv('municipalities', 'code,name_fi,name_sv,name_en,populaton\n398,a,b,c,1');
    expect(v.issues).toEqual([
      { line: 1, column: 'population', message: "column 'population' is missing" },
      { line: 1, column: 'populaton', message: "unknown column 'populaton'" },
    ]);
  });

  it('reads units with an optional closing year and checks the kind and provider', () => {
    const head = 'municipality_code,code,name_fi,name_sv,name_en,kind,provider,active_from,active_to';
    const v = validateCsv(
      'units',
      `${head}\n398,PK1,Päiväkoti Aurinko,Daghemmet Solen,Sun daycare,ecec,municipal,2020,\n398,K2,Koulu,Skola,School,college,public,2020,2019`,
    );
    expect(v.rows[0]?.value).toMatchObject({ code: 'PK1', kind: 'ecec', activeTo: null });
    expect(v.issues.map((i) => [i.line, i.column])).toEqual([
      [3, 'kind'],
      [3, 'provider'],
    ]);
  });

  it('rejects a unit that closes before it opens', () => {
    const head = 'municipality_code,code,name_fi,name_sv,name_en,kind,provider,active_from,active_to';
    const v = validateCsv('units', `${head}\n398,K2,Koulu,Skola,School,school,private,2020,2019`);
    expect(v.issues).toEqual([{ line: 2, column: 'active_to', message: 'a unit cannot close before it starts' }]);
  });

  it('reads base counts with an empty unit code as the whole municipality', () => {
    const v = validateCsv(
      'base_counts',
      'municipality_code,unit_code,group_key,enrolled\n398,,grade_1_2,800\n398,K1,grade_1_2,40',
    );
    expect(v.rows.map((r) => r.value)).toEqual([
      { municipalityCode: '398', unitCode: null, groupKey: 'grade_1_2', enrolled: 800 },
      { municipalityCode: '398', unitCode: 'K1', groupKey: 'grade_1_2', enrolled: 40 },
    ]);
  });

  it('refuses decimals and text in counts', () => {
    const v = validateCsv('base_counts', 'municipality_code,group_key,enrolled\n398,g,12.5\n398,h,many');
    expect(v.issues.map((i) => i.message)).toEqual([
      'a whole number without spaces or decimals',
      'a whole number without spaces or decimals',
    ]);
  });

  it('says so when the file has only a header', () => {
    expect(validateCsv('base_counts', 'municipality_code,group_key,enrolled\n').issues).toEqual([
      { line: 2, message: 'the file has a header but no rows' },
    ]);
  });
});
