/** Every workflow the worker runs (the bundle's entry point). */
export { arshjul } from './arshjul';
export { overklagandetid } from './overklagandetid';
export { rapportprocess } from './rapportprocess';
export { uppgift } from './uppgift';
export { sammantrade } from './sammantrade';
