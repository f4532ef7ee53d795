import type { IsoDate } from '../../../src/domain/datum';
import { uppgiftsbrev, type MeddelandeHandelse, type MeddelandeInput } from '../../../src/domain/meddelanden';
import { renderaBrev } from '../../../src/mail/brev';

/** The task's mail as it is sent: its blocks (the domain) rendered to the text and HTML bodies (src/mail). */
const renderaMeddelande = (input: MeddelandeInput) => renderaBrev(uppgiftsbrev(input));

const d = (s: string) => s as IsoDate;
const LANK = 'https://arshjul.lund.example.org/uppgifter/lund%2F2023%2FKS%2Fdelarsrapport-augusti%2Futkast-1';

function input(handelse: MeddelandeHandelse, over: Partial<MeddelandeInput> = {}): MeddelandeInput {
  return {
    kommunNamn: 'Lunds kommun',
    mottagare: 'Åsa Öberg',
    lank: LANK,
    uppgift: {
      id: 'lund/2023/KS/delarsrapport-augusti/utkast-1',
      titel: 'Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast',
      typ: 'utkast',
      processTitel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      organ: 'Kommunstyrelsen',
      forfaller: d('2023-09-14'),
      tilldelad: 'Åsa Öberg',
    },
    ...over,
    handelse,
  };
}

/** The HTML without tags and with entities decoded: what a reader of the HTML version sees. */
function visible(html: string): string {
  return html
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Each sentence must be in the text body and in the visible HTML. */
function expectSays(m: { text: string; html: string }, ...sentences: string[]) {
  const text = m.text.replace(/\s+/g, ' ');
  const html = visible(m.html);
  for (const sentence of sentences) {
    expect(text).toContain(sentence);
    expect(html).toContain(sentence);
  }
}

/** A row of the facts table: "Label:  value" in the text, a row header and its cell in the HTML. */
function expectFact(m: { text: string; html: string }, label: string, value: string) {
  expect(m.text).toMatch(new RegExp(`^${label}: +${value.replace(/[()]/g, '\\$&')}$`, 'm'));
  expect(m.html).toMatch(
    new RegExp(`<th scope="row"[^>]*>${label}</th><td[^>]*>${value.replace(/[()]/g, '\\$&')}</td>`),
  );
}

function expectCommonParts(m: { text: string; html: string }) {
  expect(m.text).toContain(LANK);
  expect(m.html).toContain(`href="${LANK}"`);
  expect(m.html).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
  expect(m.html).toContain('<meta charset="utf-8"/>');
  expectSays(m, 'Hej Åsa Öberg!', 'Öppna uppgiften', 'uppgift.ics', 'Lunds kommun');
  // No external resources: the only URL is the task's link.
  expect(m.html).not.toMatch(/<(img|link|script|iframe|style)\b/i);
  expect(m.html).not.toMatch(/\ssrc=/i);
  expect(new Set([...m.html.matchAll(/https?:\/\/[^\s"<]+/g)].map((x) => x[0]))).toEqual(new Set([LANK]));
}

describe('renderaMeddelande', () => {
  it('NY: a new task, with its due date in the subject', () => {
    const m = renderaMeddelande(input({ slag: 'NY' }));
    expect(m.amne).toBe(
      'Ny uppgift: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast (senast torsdagen den 14 september 2023)',
    );
    expectSays(
      m,
      'Du har fått en ny uppgift i Årshjul: ”Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast”. Den ska vara klar senast torsdagen den 14 september 2023.',
      'Skriv underlaget (rapporten eller tjänsteskrivelsen)',
    );
    expectFact(m, 'Senast', 'torsdagen den 14 september 2023');
    expectFact(m, 'Process', 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen');
    expectFact(m, 'Organ', 'Kommunstyrelsen');
    expectCommonParts(m);
  });

  it.each([
    [
      7,
      'förfaller om 7 dagar',
      'ska vara klar senast torsdagen den 14 september 2023, det vill säga om 7 dagar.',
    ],
    [
      1,
      'förfaller i morgon',
      'ska vara klar senast torsdagen den 14 september 2023, det vill säga i morgon.',
    ],
    [0, 'förfaller i dag', 'ska vara klar i dag, torsdagen den 14 september 2023.'],
  ])('PAMINNELSE %i days before', (dagarKvar, subjectEnd, sentence) => {
    const m = renderaMeddelande(input({ slag: 'PAMINNELSE', dagarKvar }));
    expect(m.amne).toBe(
      `Påminnelse: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast ${subjectEnd}`,
    );
    expectSays(m, sentence, 'Markera den som klar i Årshjul, så slutar påminnelserna.');
    expectCommonParts(m);
  });

  it.each([
    [2, undefined, 'ska vara klar senast torsdagen den 14 september 2023, det vill säga om 2 dagar.'],
    [0, undefined, 'ska vara klar i dag, torsdagen den 14 september 2023.'],
    [0, 3, 'skulle ha varit klar senast torsdagen den 14 september 2023 och är nu 3 dagar försenad.'],
  ])(
    'PAMINNELSE sent by the kanslichef (%i days left, %s late): names who sends it and quotes the comment',
    (dagarKvar, dagarForsenad, sentence) => {
      const m = renderaMeddelande(
        input({
          slag: 'PAMINNELSE',
          dagarKvar,
          ...(dagarForsenad === undefined ? {} : { dagarForsenad }),
          av: 'Karin Kanslichef',
          kommentar: 'Ring mig om något saknas.',
        }),
      );
      expectSays(
        m,
        'Karin Kanslichef påminner dig: uppgiften',
        sentence,
        'Ring mig om något saknas.',
        'Markera den som klar i Årshjul, så slutar påminnelserna.',
      );
      expectCommonParts(m);
    },
  );

  it('ESKALERING: to the kanslichef, naming the assignee, the due date, the days late and the escalation number', () => {
    const m = renderaMeddelande(
      input({ slag: 'ESKALERING', dagarForsenad: 8, eskaleringNummer: 2 }, { mottagare: 'Kanslichefen' }),
    );
    expect(m.amne).toBe(
      'Försenad uppgift: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast (8 dagar försenad)',
    );
    expectSays(
      m,
      'Hej Kanslichefen!',
      'Uppgiften ”Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast”, tilldelad Åsa Öberg, skulle ha varit klar torsdagen den 14 september 2023 och är nu 8 dagar försenad.',
      'Det här är eskalering nummer 2.',
      'Kontakta Åsa Öberg om uppgiften.',
    );
    expectFact(m, 'Ansvarig', 'Åsa Öberg');
    expectFact(m, 'Försenad', '8 dagar (förföll torsdagen den 14 september 2023)');
    expect(
      renderaMeddelande(input({ slag: 'ESKALERING', dagarForsenad: 1, eskaleringNummer: 1 })).amne,
    ).toMatch(/\(1 dag försenad\)$/);
  });

  it('RETUR: the chef returned the report with a comment; the handläggare gets the revision', () => {
    const m = renderaMeddelande(
      input(
        {
          slag: 'RETUR',
          av: 'Ekonomidirektören',
          kommentar: 'Prognosen för helåret saknas.\nLägg till den.',
        },
        {
          uppgift: {
            ...input({ slag: 'NY' }).uppgift,
            titel: 'Revidera rapporten (omgång 2): Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
            forfaller: d('2023-09-18'),
          },
        },
      ),
    );
    expect(m.amne).toBe(
      'Returnerad för revidering: Revidera rapporten (omgång 2): Delårsrapport per den 31 augusti 2023 för kommunstyrelsen (senast måndagen den 18 september 2023)',
    );
    expectSays(
      m,
      'Ekonomidirektören har returnerat rapporten till dig med den här kommentaren:',
      'Du har fått en ny uppgift att revidera den',
      'senast måndagen den 18 september 2023',
    );
    expect(m.text).toContain('kommentaren:\n\n> Prognosen för helåret saknas.\n> Lägg till den.');
    expect(m.html).toContain('Prognosen för helåret saknas.<br/>Lägg till den.');
    expect(m.html).toContain('<blockquote');
    expectCommonParts(m);
  });

  it('DELEGERAD: to the delegate, who acts on behalf of the assignee', () => {
    const m = renderaMeddelande(
      input(
        { slag: 'DELEGERAD', av: 'Åsa Öberg', kommentar: 'Jag är på semester.' },
        { mottagare: 'Per Ström' },
      ),
    );
    expect(m.amne).toBe(
      'Delegerad till dig: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast (senast torsdagen den 14 september 2023)',
    );
    expectSays(
      m,
      'Hej Per Ström!',
      'Åsa Öberg har delegerat uppgiften ”Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast” till dig.',
      'Jag är på semester.',
      'Du handlar på uppdrag av Åsa Öberg',
    );
    expectCommonParts({
      ...m,
      text: m.text.replace('Per Ström', 'Åsa Öberg'),
      html: m.html.replace('Per Ström', 'Åsa Öberg'),
    });

    const forSomeone = renderaMeddelande(
      input({ slag: 'DELEGERAD', av: 'Kanslichefen', paUppdragAv: 'Åsa Öberg' }, { mottagare: 'Per Ström' }),
    );
    expectSays(
      forSomeone,
      'Kanslichefen har, på uppdrag av Åsa Öberg, delegerat uppgiften',
      'Du handlar på uppdrag av Åsa Öberg',
    );
  });

  it('OMTILLDELAD: to the new assignee', () => {
    const m = renderaMeddelande(input({ slag: 'OMTILLDELAD', av: 'Kanslichefen' }));
    expect(m.amne).toBe(
      'Tilldelad dig: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast (senast torsdagen den 14 september 2023)',
    );
    expectSays(
      m,
      'Kanslichefen har tilldelat dig uppgiften ”Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast”.',
      'Du är nu ansvarig för uppgiften.',
    );
    expect(m.text).not.toContain('skriver:'); // no comment given, none shown
    expectCommonParts(m);
  });

  it('NY_FORFALLODAG: from A to B, with the comment, later or earlier', () => {
    const later = renderaMeddelande(
      input(
        {
          slag: 'NY_FORFALLODAG',
          av: 'Kanslichefen',
          tidigareForfallodag: d('2023-09-14'),
          kommentar: 'KSAU flyttas.',
        },
        { uppgift: { ...input({ slag: 'NY' }).uppgift, forfaller: d('2023-09-21') } },
      ),
    );
    expect(later.amne).toBe(
      'Ny förfallodag: Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast (nu senast torsdagen den 21 september 2023)',
    );
    expectSays(
      later,
      'Kanslichefen har flyttat förfallodagen för uppgiften ”Delårsrapport per 31 augusti 2023 för kommunstyrelsen – skriv utkast” från torsdagen den 14 september 2023 till torsdagen den 21 september 2023.',
      'Kanslichefen skriver:',
      'KSAU flyttas.',
      'Uppgiften har fått 7 dagar längre tid.',
    );
    expectFact(later, 'Senast', 'torsdagen den 21 september 2023');
    expectFact(later, 'Tidigare förfallodag', 'torsdagen den 14 september 2023');
    expectCommonParts(later);

    const earlier = renderaMeddelande(
      input(
        { slag: 'NY_FORFALLODAG', av: 'Kanslichefen', tidigareForfallodag: d('2023-09-14') },
        { uppgift: { ...input({ slag: 'NY' }).uppgift, forfaller: d('2023-09-13') } },
      ),
    );
    expectSays(earlier, 'Observera att uppgiften nu ska vara klar 1 dag tidigare än förut.');
  });

  it('escapes every value in the HTML, and keeps subjects on one line', () => {
    const evil = '<script>alert("x")</script> & "Å\'s"';
    const m = renderaMeddelande(
      input(
        { slag: 'RETUR', av: `<b>${evil}</b>`, kommentar: evil },
        {
          kommunNamn: `Lunds <i>kommun</i>`,
          mottagare: evil,
          lank: `${LANK}?a=1&b="2"`,
          uppgift: {
            ...input({ slag: 'NY' }).uppgift,
            titel: `Rapport\n${evil}`,
            processTitel: evil,
            organ: evil,
            tilldelad: evil,
            beskrivning: evil,
          },
        },
      ),
    );
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>');
    expect(m.html).not.toContain('<i>');
    expect(m.html).toContain("&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; &quot;Å's&quot;");
    expect(visible(m.html)).toContain(evil);
    expect(m.html).toContain(`href="${LANK}?a=1&amp;b=&quot;2&quot;"`);
    expect(m.amne).not.toMatch(/[\r\n]/);
    expect(m.amne).toContain('Rapport <script>');
    // The text version is plain text: nothing to escape, the value is shown as written.
    expect(m.text).toContain(evil);
  });

  it('keeps å, ä and ö (and the en dash) as they are', () => {
    const m = renderaMeddelande(input({ slag: 'NY' }, { mottagare: 'Örjan Ärlig-Åkesson' }));
    expect(m.text).toContain('Hej Örjan Ärlig-Åkesson!');
    expect(m.html).toContain('Hej Örjan Ärlig-Åkesson!');
    expect(m.amne).toContain('Delårsrapport');
    expect(m.amne).toContain('–');
  });

  it('shows the description when the task has one', () => {
    const m = renderaMeddelande(
      input(
        { slag: 'NY' },
        { uppgift: { ...input({ slag: 'NY' }).uppgift, beskrivning: 'Använd mallen.\n\nSe bilaga 2.' } },
      ),
    );
    expect(m.text).toContain('Använd mallen.\n\nSe bilaga 2.');
    expect(m.html).toContain('Använd mallen.</p>');
    expect(m.html).toContain('Se bilaga 2.</p>');
  });
});
