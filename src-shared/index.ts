export * from './bridge-config';
export * from './contract';
export * from './device';
export * from './result';
export * from './settings';
export * from './sync';
export * from './topic';
export * from './validate';
