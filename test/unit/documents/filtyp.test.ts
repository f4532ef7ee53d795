import { filtypAv } from '../../../src/documents/filtyp';
import { annanZip, mallDocx, odt, rapportPdf, xlsx } from '../../helpers/filer';

describe('filtypAv: the type a file is by its content', () => {
  it('knows a PDF, the DOCX template, an XLSX and an ODT', async () => {
    expect(filtypAv(await rapportPdf('Delårsrapport'))).toBe('pdf');
    expect(filtypAv(mallDocx())).toBe('docx');
    expect(filtypAv(xlsx())).toBe('xlsx');
    expect(filtypAv(odt())).toBe('odt');
  });

  it('is not fooled by a name or a container: text, another ZIP, a PNG and a truncated ZIP are none', () => {
    expect(filtypAv(Buffer.from('Det här är ingen PDF, bara text.'))).toBeUndefined();
    expect(filtypAv(annanZip())).toBeUndefined();
    expect(filtypAv(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBeUndefined();
    expect(filtypAv(mallDocx().subarray(0, 200))).toBeUndefined();
    expect(filtypAv(new Uint8Array())).toBeUndefined();
  });
});
