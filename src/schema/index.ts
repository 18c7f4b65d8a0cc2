export * from './tensor';
export * from './limits';
export * from './experiment';
export * from './validate';
export * from './chunk';
export * from './errors';
export * from './plan';
export * from './analysis';
