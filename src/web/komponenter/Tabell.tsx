/**
 * A table with its caption (read by screen readers; shown when asked) and its column headers. `rullbar`: a wide
 * table scrolls sideways inside its own region on a phone, which a keyboard can reach; `staplad`: on a phone
 * each row is a block, every cell under its column's name (`data-etikett` on the cell).
 */
import type { ComponentChildren } from 'preact';

export function Tabell(props: {
  caption: string;
  visaCaption?: boolean;
  kolumner: readonly string[];
  class?: string;
  layout?: 'rullbar' | 'staplad';
  children: ComponentChildren;
}) {
  const klass = [props.class, props.layout === 'staplad' ? 'staplad' : undefined].filter(Boolean).join(' ');
  const tabell = (
    <table class={klass || undefined}>
      <caption class={props.visaCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
      <thead>
        <tr>
          {props.kolumner.map((k) => (
            <th scope="col" key={k}>
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
  if (props.layout !== 'rullbar') return tabell;
  return (
    <div class="tabell" role="region" aria-label={props.caption} tabindex={0}>
      {tabell}
    </div>
  );
}
