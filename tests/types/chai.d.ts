// The project has no type declarations for chai yet (chai 6 ships none; @types/chai is not a dependency).
// Remove this file once `@types/chai` is added to devDependencies.
declare module 'chai';
