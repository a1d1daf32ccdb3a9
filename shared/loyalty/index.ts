// Loyalty rules: pure functions, no I/O, imported by the server (scoring) and, for the what-if simulator, the widget.
export * from './calendar.ts';
export * from './window.ts';
export * from './tiers.ts';
export * from './points.ts';
export * from './milestones.ts';
export * from './rewards.ts';
export * from './lifecycle.ts';
export * from './projection.ts';
export * from './evaluate.ts';
export * from './disclosure.ts';
export * from './defaults.ts';
