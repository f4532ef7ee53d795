/** The documents of a sammanträde as format-neutral blocks (rendered by src/documents/). */
export * from './block';
export { DokumentVagras } from './dokument';
export { anslagsbevisFel, anslagetsParagrafer } from './anslag';
export { protokollDokument } from './protokoll';
export { protokollsutdragDokument } from './protokollsutdrag';
export { anslagsbevisDokument } from './anslagsbevis';
export { kallelseDokument } from './kallelse';
export * from './stil';
export { forsenadJustering } from './forstasida';
export { kommunstil } from './kommunstil';
export { uppfoljningsbilagaDokument, type Uppfoljningsbilaga, type Namndrad } from './uppfoljningsbilaga';
