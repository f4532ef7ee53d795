/**
 * The årshjul page's look — the timeline (./arshjulTidslinje.ts) and the task table with its actions
 * (./arshjulUppgifter.ts) — for the page frame's style sheet (./sida.ts). No imports: the frame loads it first.
 */
/** The timeline: months along, a track per report; statuses as colour and sign. */
export const TIDSLINJE_STIL = `body:has(.tl-organ){max-width:72rem}
.tl{overflow-x:auto;margin:.5rem 0 1rem}.tl-inre{min-width:40rem}
.tl-rad{display:grid;grid-template-columns:10rem 1fr;gap:.5rem;align-items:center;border-bottom:1px solid #eee}
.tl-etikett{font-size:.85rem;line-height:1.2;padding:.3rem 0}.tl-status{color:#4a4a4a}
.tl-spar{position:relative;height:1.9rem}.tl-manader .tl-spar{height:1.4rem}
.tl-manad{position:absolute;top:0;font-size:.75rem;color:#4a4a4a;padding-left:2px;border-left:1px solid #bbb;height:100%;white-space:nowrap}
.tl-manadslinje{position:absolute;top:0;bottom:0;border-left:1px solid #eee}
.tl-idag{position:absolute;top:0;bottom:0;border-left:2px dashed #f2a900;z-index:1}
.tl-idag-tecken{display:inline-block;width:0;height:1em;border-left:2px dashed #f2a900;vertical-align:middle}
.tl-lista{list-style:none;margin:0;padding:0}
.tl-steg{position:absolute;top:.3rem;height:1.3rem;box-sizing:border-box;border-radius:3px;font-size:.8rem;line-height:calc(1.3rem - 2px);text-align:center;overflow:hidden;color:#fff;min-width:.9rem;border:1px solid #fff}
.tl-planerad{background:#fff;color:#1a1a1a;border:1px solid #595959}.tl-pagar{background:#1d4f91}.tl-klar{background:#1e7a3c}
.tl-forsenad{background:#a40000;font-weight:bold}.tl-returnerad{background:#8a4b00}
.tl-mote{position:absolute;top:.35rem;transform:translateX(-50%);color:#1d4f91;font-size:1rem;line-height:1.2rem}
.tl-tecken{display:inline-block;min-width:1rem;text-align:center;font-weight:bold}
.tl-forklaring{font-size:.9rem}.tl-detaljer{margin:.25rem 0 .75rem}.tl-detaljer summary{cursor:pointer;color:#1d4f91}
.tl:focus{outline:3px solid #f2a900;outline-offset:2px}
@media (max-width:40rem){.tl-inre{min-width:0}.tl-rad{grid-template-columns:1fr;gap:0}.tl-manader .tl-etikett{display:none}.tl-manader .tl-spar{overflow:hidden}}`;

/** The filters and the task table; on a narrow screen each task is a block. */
export const UPPGIFTER_STIL = `.stoppa{margin:1rem 0}.stoppa summary{cursor:pointer;color:#8a1c1c;font-weight:bold}.stoppa p:has(input[type=checkbox]){display:flex;gap:.5rem;align-items:flex-start}.stoppa input[type=checkbox]{width:auto;margin-top:.3rem}.stoppa label{display:inline;font-weight:normal;margin:0}
.filter{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end;margin-bottom:1rem}.filter select{font-size:1rem;padding:.4rem;max-width:14rem}
.liten{font-size:.85rem;color:#4a4a4a}
.atgarder form{display:flex;gap:.25rem;align-items:center;margin:0 0 .3rem}
.atgarder select,.atgarder input{font-size:.9rem;padding:.3rem;width:auto;max-width:11rem}
.atgarder button{font-size:.9rem;padding:.3rem .6rem;white-space:nowrap}
@media (max-width:40rem){.uppgiftstabell thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.uppgiftstabell tr,.uppgiftstabell td{display:block}.uppgiftstabell td{border:0;padding:.2rem 0}
.uppgiftstabell tr{border-bottom:1px solid #d0d0d0;padding:.5rem 0}}`;
