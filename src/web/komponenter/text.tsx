/**
 * The small pieces of text every page uses: paragraphs, the "done" message, a warning, a date that never breaks,
 * and a status badge that says its state in words (colour is only a help).
 */
import type { ComponentChildren } from 'preact';

export const Stycken = ({ texter }: { texter: readonly string[] }) => (
  <>
    {texter.map((t, i) => (
      <p key={i}>{t}</p>
    ))}
  </>
);

/** What was just done (after a form came back). */
export const Klart = ({ children }: { children: ComponentChildren }) => (
  <p class="klart" role="status">
    {children}
  </p>
);

/** Something the reader must act on or know. */
export const Varning = ({ children, alert }: { children: ComponentChildren; alert?: boolean }) => (
  <p class="fel" role={alert ? 'alert' : undefined}>
    {children}
  </p>
);

/** A date as the register has it (ÅÅÅÅ-MM-DD), never broken over two lines. */
export const Datum = ({ iso, children }: { iso: string; children?: ComponentChildren }) => (
  <time class="datum" datetime={iso}>
    {children ?? iso}
  </time>
);

export type Ton = 'klar' | 'pagar' | 'vantar' | 'fel';

/** A state in words, with its colour: klar (green), pågår (blue), väntar (grey), fel or försenad (red). */
export const Status = ({ ton, children }: { ton: Ton; children: ComponentChildren }) => (
  <span class={`status status-${ton}`}>{children}</span>
);
