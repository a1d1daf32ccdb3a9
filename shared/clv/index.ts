// The CLV math contract of DESIGN.md: pure functions, no I/O, imported by the server and the widget.
export * from './formulas.ts';
export * from './customer-figures.ts';
export * from './rfm.ts';
export * from './bg-nbd.ts';
export * from './pareto-nbd.ts';
export * from './gamma-gamma.ts';
export * from './sbg.ts';
export * from './optimize.ts';
export * from './special-functions.ts';
