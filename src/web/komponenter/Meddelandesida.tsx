/**
 * The page that only says something: a title, its paragraphs, and where to go from here — a refusal, "not found",
 * "check your mail". Most of the pages' answers that are not a form or a list are one.
 */
import type { Response } from 'express';
import type { ComponentChildren } from 'preact';
import { skickaSida } from '../svar';
import { Sida, type Inloggad } from './Sida';
import { Stycken } from './text';

export interface Meddelande {
  titel: string;
  texter: readonly string[];
  inloggad?: Inloggad | undefined;
  /** Where to go from here: [href, text]. */
  lank?: readonly [string, string];
  children?: ComponentChildren;
}

export function skickaMeddelande(res: Response, status: number, m: Meddelande): void {
  skickaSida(
    res,
    status,
    <Sida titel={m.titel} inloggad={m.inloggad}>
      <Stycken texter={m.texter} />
      {m.children}
      {m.lank && (
        <p>
          <a href={m.lank[0]}>{m.lank[1]}</a>
        </p>
      )}
    </Sida>,
  );
}
