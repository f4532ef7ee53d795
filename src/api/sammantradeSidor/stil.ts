/**
 * The few styles the sekreterare's forms need beyond the frame's (./../sida.ts): fieldsets, hints, checkboxes
 * and radio buttons at a size a finger can hit, two fields side by side where there is room, wide tables that
 * scroll on a phone. Inline like the frame's (the CSP allows inline styles and nothing else); colours keep AA.
 */
export const STIL = `<style>
.hint{display:block;color:#4a4a4a;font-size:.9rem;margin:0 0 .25rem}
fieldset{border:1px solid #c8c8c8;border-radius:4px;margin:1rem 0;padding:.25rem 1rem 1rem;min-width:0}
legend{font-weight:bold;padding:0 .25rem}
textarea{font-family:inherit}
select{font-size:1rem;padding:.5rem;max-width:100%;box-sizing:border-box}
select:focus,input[type=checkbox]:focus,input[type=radio]:focus{outline:3px solid #f2a900;outline-offset:2px}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0;flex:none}
.kryss{display:flex;align-items:center;gap:.6rem;margin:.4rem 0}.kryss label{font-weight:normal;margin:0}
.falt2{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem}
.tabell{overflow-x:auto}
table.roster td{text-align:center}table.roster th,table.roster td{padding:.4rem .3rem}
form.inline{display:inline}
.regel{color:#4a4a4a;font-size:.85rem}
.justerat{color:#1e7a3c;font-weight:bold}.vantar{color:#4a4a4a;font-style:italic}
dl.fakta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.fakta dt{font-weight:bold}dl.fakta dd{margin:0}
.paragraf{border-top:1px solid #e0e0e0;margin-top:1rem}
ul.rapporter{list-style:none;padding:0}ul.rapporter li{margin:.4rem 0}
header{flex-wrap:wrap;gap:0 .75rem}
@media (max-width:30rem){dl.fakta{grid-template-columns:1fr}dl.fakta dd{margin:0 0 .5rem}}
</style>`;
