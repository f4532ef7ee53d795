import { studsmeddelande as brev } from '../../../src/domain/studsmeddelande';
import { renderaBrev } from '../../../src/mail/brev';

/** The notice as it is sent: its blocks rendered to the text and HTML bodies. */
const studsmeddelande = (input: Parameters<typeof brev>[0]) => renderaBrev(brev(input));

const SVAR = '550 5.1.1 <orjan.ahlstrom@lund.example.org>: Recipient address rejected: User unknown';

const input = (over: Partial<Parameters<typeof brev>[0]> = {}) => ({
  kommunNamn: 'Lunds kommun',
  mottagare: 'Kanslichefen',
  avvisad: { namn: 'Örjan Ählström', epost: 'orjan.ahlstrom@lund.example.org' },
  amne: 'Påminnelse: Skriv rapporten förfaller om 7 dagar',
  svar: SVAR,
  ...over,
});

describe('the kanslichef’s notice of a message the server refused', () => {
  it('says to whom, what, the server’s answer and what to do, in the text and the HTML alike', () => {
    const m = studsmeddelande(input());
    expect(m.amne).toBe('E-post kom inte fram till Örjan Ählström');
    expect(m.text).toBe(`Hej Kanslichefen!

Årshjul kunde inte skicka meddelandet ”Påminnelse: Skriv rapporten förfaller om 7 dagar” till Örjan Ählström (orjan.ahlstrom@lund.example.org). E-postservern avvisade adressen och svarade: ${SVAR}

Adressen är troligen fel. Rätta e-postadressen för Örjan Ählström under personer i konfigurationen för Lunds kommun, så att kommande meddelanden kommer fram.

Arbetet i Årshjul går vidare som vanligt, men det här meddelandet skickas inte igen. Berätta gärna för Örjan Ählström vad det gällde.

Mottagare:     Örjan Ählström <orjan.ahlstrom@lund.example.org>
Meddelande:    Påminnelse: Skriv rapporten förfaller om 7 dagar
Serverns svar: ${SVAR}

-- 
Det här meddelandet skickades automatiskt av Årshjul, Lunds kommun. Svara inte på det.
`);
    expect(m.html).toContain('<html lang="sv">');
    expect(m.html).toContain('<title>E-post kom inte fram till Örjan Ählström</title>');
    expect(m.html).toContain(
      'E-postservern avvisade adressen och svarade: 550 5.1.1 &lt;orjan.ahlstrom@lund.example.org>: Recipient address rejected: User unknown',
    );
    expect(m.html).toContain(
      'Rätta e-postadressen för Örjan Ählström under personer i konfigurationen för Lunds kommun',
    );
    expect(m.html).toContain(
      '<td style="padding:4px 0;">Örjan Ählström &lt;orjan.ahlstrom@lund.example.org></td>',
    );
  });

  it('escapes every value in the HTML, and keeps the subject and a multi-line answer on one line', () => {
    const evil = '<script>alert("x")</script> & "Å\'s"';
    const m = studsmeddelande(
      input({
        avvisad: { namn: `Örjan\n${evil}`, epost: 'o@lund.example.org' },
        amne: `Ny uppgift: ${evil}`,
        svar: '550-5.1.1 The email account does not exist.\r\n550 5.1.1 Please try again.',
      }),
    );
    expect(m.amne).toBe(`E-post kom inte fram till Örjan ${evil}`);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain("&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; &quot;Å's&quot;");
    expect(m.text).toContain(
      'Serverns svar: 550-5.1.1 The email account does not exist. 550 5.1.1 Please try again.\n',
    );
  });
});
