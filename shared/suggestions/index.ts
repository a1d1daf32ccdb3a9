// Suggestions: pure ranking and projected effects, no I/O, imported by the server and (for the what-if
// simulator) the widget.
export * from './adoption.ts';
export * from './effect.ts';
export * from './rank.ts';
export * from './what-if.ts';
export * from './purchase-pace.ts';
export * from './links.ts';
