/**
 * The follow-up on Årshjulet while the reports are being written (issue 17): per report in progress, a table of
 * its nämnder — how many mål on each step of the kommun's bedömning scale and how many uppdrag on each of its
 * statuses — and which nämnder have not filled in theirs. The data is the register's (src/uppfoljning/arshjulet.ts);
 * the whole roll-up, the economy and the bilaga are on the report's follow-up page.
 */
import type { Namndrad } from '../../domain/dokument';
import type { Antal, Sammanstallning } from '../../domain/uppfoljning/sammanstallning';
import type { PagaendeUppfoljning } from '../../uppfoljning/arshjulet';

const stegen = (per: readonly Antal[]) => per.map((a) => a.namn);

function Antalen(props: { totalt: number; per: readonly Antal[]; utan: number; forsta?: boolean }) {
  return (
    <>
      <td class={`tal${props.forsta ? ' grupp' : ''}`}>{props.totalt}</td>
      {props.per.map((a) => (
        <td class="tal" key={a.steg}>
          {a.antal}
        </td>
      ))}
      <td class={props.utan > 0 ? 'tal forsenad' : 'tal'}>{props.utan}</td>
    </>
  );
}

function Rad(props: {
  namn: string;
  s: Sammanstallning;
  kolumner: number;
  rapporterat: boolean;
  summa?: boolean;
}) {
  const { s } = props;
  if (!props.rapporterat) {
    return (
      <tr>
        <th scope="row">{props.namn}</th>
        <td colspan={props.kolumner} class="forsenad">
          Har inte fyllt i uppföljningen
        </td>
      </tr>
    );
  }
  return (
    <tr class={props.summa ? 'summa' : undefined}>
      <th scope="row">{props.namn}</th>
      <Antalen totalt={s.mal.totalt} per={s.mal.per} utan={s.mal.utan} forsta />
      <Antalen totalt={s.uppdrag.totalt} per={s.uppdrag.per} utan={s.uppdrag.utan} forsta />
    </tr>
  );
}

function Rapporttabell({ p }: { p: PagaendeUppfoljning }) {
  const mal = stegen(p.totalt.mal.per);
  const uppdrag = stegen(p.totalt.uppdrag.per);
  const kolumner = mal.length + uppdrag.length + 4;
  const sida = `/rapporter/${encodeURIComponent(p.rapport.id)}/uppfoljning`;
  const rubrik = `uppfoljning-${p.rapport.id.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <section aria-labelledby={rubrik}>
      <h3 id={rubrik}>
        <a href={sida}>{p.rapport.titel}</a>
      </h3>
      <div
        class="tabell"
        role="region"
        aria-label={`Uppföljningen per nämnd: ${p.rapport.titel}`}
        tabindex={0}
      >
        <table class="uppfoljning-per-namnd">
          <caption class="visually-hidden">Uppföljningen per nämnd: {p.rapport.titel}</caption>
          <thead>
            <tr>
              <th scope="col" rowspan={2}>
                Nämnd
              </th>
              <th scope="colgroup" colspan={mal.length + 2} class="grupp">
                Mål per bedömning
              </th>
              <th scope="colgroup" colspan={uppdrag.length + 2} class="grupp">
                Uppdrag per status
              </th>
            </tr>
            <tr>
              {[['Mål', mal, 'utan bedömning'] as const, ['Uppdrag', uppdrag, 'utan status'] as const].map(
                ([vad, steg, utan]) => [
                  <th scope="col" class="tal grupp" key={`${vad}-totalt`}>
                    Totalt
                  </th>,
                  ...steg.map((namn) => (
                    <th scope="col" class="tal" key={`${vad}-${namn}`}>
                      {namn}
                    </th>
                  )),
                  <th scope="col" class="tal" key={`${vad}-utan`}>
                    {utan}
                  </th>,
                ],
              )}
            </tr>
          </thead>
          <tbody>
            {p.namnder.map((n: Namndrad) => (
              <Rad
                key={n.organ}
                namn={n.namn}
                s={n.sammanstallning}
                kolumner={kolumner}
                rapporterat={n.rapporterat}
              />
            ))}
            <Rad namn="Totalt" s={p.totalt} kolumner={kolumner} rapporterat summa />
          </tbody>
        </table>
      </div>
      {p.ejIfyllt.length > 0 ? (
        <p class="fel">Har inte fyllt i: {p.ejIfyllt.join(', ')}.</p>
      ) : (
        <p>Alla har fyllt i uppföljningen.</p>
      )}
    </section>
  );
}

export function Uppfoljningen({ rapporter }: { rapporter: readonly PagaendeUppfoljning[] }) {
  if (rapporter.length === 0) return null;
  return (
    <section aria-labelledby="uppfoljningen" class="uppfoljningen">
      <h2 id="uppfoljningen">Uppföljningen medan rapporterna skrivs</h2>
      <p>
        Per nämnd: hur många mål som har fått varje bedömning och hur många uppdrag som har varje status, som
        nämnderna har fyllt i hittills. Hela sammanställningen med ekonomin finns under rapportens namn.
      </p>
      {rapporter.map((p) => (
        <Rapporttabell key={p.rapport.id} p={p} />
      ))}
    </section>
  );
}
