/** Every workflow the worker runs (the bundle's entry point). */
export { overklagandetid } from './overklagandetid';
