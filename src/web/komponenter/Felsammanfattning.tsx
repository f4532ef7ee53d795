/**
 * What was refused, above the form: each refusal names the field by its label (a link to the control), its path
 * and the rule for whoever helps the kansli, and what is expected. A field without a label on the page (a
 * parameter in the address) is named as the address names it.
 */
import type { Fel } from '../../domain/validering';
import { etikettFor, faltId, kansliMeddelande, kontrollFor, type Etiketter } from '../formular/fel';

export function Felsammanfattning(props: { fel: readonly Fel[]; etiketter?: Etiketter; rubrik?: string }) {
  if (props.fel.length === 0) return null;
  const etiketter = props.etiketter ?? {};
  return (
    <div class="felsammanfattning" role="alert" aria-labelledby="felsammanfattning">
      <h2 id="felsammanfattning">{props.rubrik ?? 'Det gick inte att spara'}</h2>
      <ul>
        {props.fel.map((f, i) => {
          const etikett = f.field ? etikettFor(f.field, etiketter) : undefined;
          return (
            <li key={i}>
              {etikett ? (
                <>
                  <a href={`#${faltId(kontrollFor(f.field, etiketter))}`}>{etikett}</a> ({f.field}):{' '}
                </>
              ) : (
                f.field && `${f.field}: `
              )}
              {kansliMeddelande(f)} <span class="regel">[regel: {f.rule}]</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
