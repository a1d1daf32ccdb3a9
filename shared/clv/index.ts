// The CLV math contract of DESIGN.md: pure functions, no I/O, imported by the server and the widget.
export * from './formulas.ts';
export * from './customer-figures.ts';
