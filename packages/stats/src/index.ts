export * from './figures.ts';
export * from './protect.ts';
export * from './report.ts';
export * from './size.ts';
export * from './suppression.ts';
export * from './comparisons.ts';
export * from './inference.ts';
export * from './progress-bands.ts';
