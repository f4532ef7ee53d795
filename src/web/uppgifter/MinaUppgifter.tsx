/** "Mina uppgifter": the open tasks assigned or delegated to the signed-in person, the late ones first. */
import type { Request, Response } from 'express';
import type { UppgiftRad } from '../../db/register';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Datum, Stycken } from '../komponenter/text';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import type { UppgiftsidorDeps } from './uppgiften';

export const minaUppgifter = (deps: UppgiftsidorDeps) => async (_req: Request, res: Response) => {
  const s = sessionAv(res);
  const uppgifter = await deps.register.listaUppgifter({
    kommun: s.kommun,
    person: s.person,
    status: ['OPPEN'],
  });
  uppgifter.sort((a, b) => Number(b.forsenad) - Number(a.forsenad) || a.forfaller.localeCompare(b.forfaller));
  skickaSida(
    res,
    200,
    <Sida titel="Mina uppgifter" inloggad={s}>
      <Lista uppgifter={uppgifter} />
    </Sida>,
  );
};

function Lista({ uppgifter }: { uppgifter: readonly UppgiftRad[] }) {
  if (uppgifter.length === 0) return <Stycken texter={['Du har inga öppna uppgifter.']} />;
  return (
    <Tabell caption="Öppna uppgifter, de försenade först" kolumner={['Uppgift', 'Senast']}>
      {uppgifter.map((u) => (
        <tr key={u.id}>
          <td>
            <a href={`/uppgifter/${encodeURIComponent(u.id)}`}>{u.titel}</a>
          </td>
          <td class={u.forsenad ? 'forsenad' : undefined}>
            <Datum iso={u.forfaller} />
            {u.forsenad && ' (försenad)'}
          </td>
        </tr>
      ))}
    </Tabell>
  );
}
