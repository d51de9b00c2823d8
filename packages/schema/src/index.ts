export * from './common.ts';
export * from './errors.ts';
export * from './instrument.ts';
export * from './organisation.ts';
export * from './round.ts';
export * from './response.ts';
export * from './slug.ts';
